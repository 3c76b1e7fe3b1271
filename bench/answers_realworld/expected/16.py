import numpy as np
import keras
from keras import utils
from keras.models import Sequential
from keras.layers import Dense, Flatten

num_classes = 10

# synthetic stand-in for the MNIST arrays loaded in the notebook
X_train = np.random.rand(300, 28, 28).astype('float32')
y_train = np.random.randint(0, num_classes, size=(300,))

y_train = utils.to_categorical(y_train, num_classes)

model = Sequential()
model.add(Flatten(input_shape=(28, 28)))
model.add(Dense(128, activation='relu'))
model.add(Dense(num_classes, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X_train, y_train, batch_size=32, epochs=1)
