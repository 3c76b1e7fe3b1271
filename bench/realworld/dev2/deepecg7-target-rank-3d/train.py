import numpy as np
from keras.layers import Conv2D, Dense, Dropout, Flatten, MaxPooling2D
from keras.models import Sequential

number_of_classes = 4


def change(x):
    return np.argmax(x, axis=1)


# ECG recordings: 9000 samples each in the thread, 1800 here
n_records = 240
X = np.random.randn(n_records, 1800)
target_train = np.random.randint(0, number_of_classes, (n_records, 1)).astype(float)

Label_set = np.eye(number_of_classes)[target_train.astype(int)]

train_len = 0.8
X_train = X[: int(train_len * n_records), :]
Y_train = Label_set[: int(train_len * n_records), :]
X_val = X[int(train_len * n_records):, :]
Y_val = Label_set[int(train_len * n_records):, :]

n = 20
m = 90
c = 1
X_train = np.reshape(X_train, (X_train.shape[0], n, m, c))
X_val = np.reshape(X_val, (X_val.shape[0], n, m, c))
image_size = (n, m, c)

batch_size = 32
model = Sequential()
model.add(Conv2D(16, (3, 3), activation="relu", input_shape=image_size, padding="same"))
model.add(Conv2D(16, (3, 3), activation="relu", padding="same"))
model.add(MaxPooling2D(pool_size=(2, 2), strides=(2, 2)))
model.add(Conv2D(32, (3, 3), activation="relu", padding="same"))
model.add(MaxPooling2D(pool_size=(2, 2), strides=(2, 2)))
model.add(Flatten())
model.add(Dense(64, activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(number_of_classes, activation="softmax"))

model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
model.fit(X_train, Y_train, epochs=2, batch_size=batch_size, validation_data=(X_val, Y_val), verbose=2)
predictions = model.predict(X_val)
score = np.mean(change(Y_val) == change(predictions))
print(score)
