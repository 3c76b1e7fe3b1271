import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Conv2D, MaxPooling2D, Flatten, LSTM, Concatenate

# two inputs per sample: a 32x32 grayscale image and a sequence of 10 steps x 4 features (synthetic)
rng = np.random.default_rng(0)
images = rng.random((160, 32, 32, 1)).astype("float32")
sequences = rng.random((160, 10, 4)).astype("float32")
labels = rng.integers(0, 2, 160)

CNN_Model = Sequential()
CNN_Model.add(Conv2D(16, (3, 3), activation='relu', input_shape=(32, 32, 1)))
CNN_Model.add(MaxPooling2D(pool_size=(2, 2)))
CNN_Model.add(Flatten())
CNN_Model.add(Dense(32, activation='relu'))

RNN_Model = Sequential()
RNN_Model.add(LSTM(32, input_shape=(10, 4)))

merged = Concatenate([CNN_Model, RNN_Model])
model = Sequential()
model.add(merged)
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit([images, sequences], labels, batch_size=32, epochs=2)
