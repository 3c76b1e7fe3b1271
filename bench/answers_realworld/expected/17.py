import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

# synthetic stand-in for the tabular train/test split
X_train = np.random.rand(300, 8).astype('float32')
y_train = np.random.randint(0, 3, size=(300,))
X_test = np.random.rand(50, 8).astype('float32')

model = Sequential()
model.add(Dense(16, activation='relu', input_shape=(8,)))
model.add(Dense(3, activation='softmax'))
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(X_train, y_train, epochs=2, batch_size=32)

Y_pred = np.argmax(model.predict(X_test),axis=1)
Y_pred
print(Y_pred[:10])
