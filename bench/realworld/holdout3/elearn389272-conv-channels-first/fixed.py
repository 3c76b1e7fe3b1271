import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense
from keras.utils import to_categorical

# MNIST-style digits stored channels-first: (samples, 1, 28, 28) (synthetic)
X_train = np.random.rand(200, 1, 28, 28).astype("float32")
Y_train = to_categorical(np.random.randint(0, 10, 200), 10)

model = Sequential()
model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(1,28,28), data_format='channels_first'))
model.add(Flatten())
model.add(Dense(128, activation='relu'))
model.add(Dense(10, activation='softmax'))

model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X_train, Y_train, batch_size=32, epochs=2)
