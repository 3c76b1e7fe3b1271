import numpy as np
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Sequential
from tensorflow.keras.utils import to_categorical

# wine-quality style table: 11 measurements, 6 quality grades
X_train = np.random.rand(500, 11).astype("float32")
y_train = to_categorical(np.random.randint(0, 6, 500), 6)
X_test = np.random.rand(100, 11).astype("float32")

model = Sequential()
model.add(Dense(64, activation="relu", input_shape=(11,)))
model.add(Dropout(0.2))
model.add(Dense(6, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=3, batch_size=32, verbose=1)

Y_pred = model.predict_classes(X_test)
print(Y_pred[:10])
