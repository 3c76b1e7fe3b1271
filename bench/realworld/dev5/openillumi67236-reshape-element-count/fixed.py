import numpy as np
from keras.models import Sequential
from keras.layers import Input, Conv2D, MaxPooling2D, Flatten, Dense, Reshape

# stand-in for the detection data: 60 RGB images, each labelled with 4 boxes of 10 values
rng = np.random.RandomState(0)
x_train = rng.rand(60, 52, 52, 3).astype('float32')
y_train = rng.rand(60, 4, 10).astype('float32')

model = Sequential()
model.add(Input(shape=(52, 52, 3)))
model.add(Conv2D(32, (3, 3), padding='same', activation='relu'))
model.add(MaxPooling2D((2, 2)))
model.add(Conv2D(64, (3, 3), padding='same', activation='relu'))
model.add(MaxPooling2D((2, 2)))
# the feature map is (None, 13, 13, 64); the targets are (4, 10)
model.add(Flatten())
model.add(Dense(4 * 10))
model.add(Reshape((4, 10)))
model.compile(optimizer='adam', loss='mse')
model.summary()

model.fit(x_train, y_train, batch_size=16, epochs=2)
