import numpy as np
from keras.layers import Dense, Flatten
from keras.models import Sequential
from keras.utils import np_utils

epochs = 2

# load data (28x28 digits)
X_train = np.random.randint(0, 256, (600, 28, 28)).astype("float32")
y_train = np.random.randint(0, 10, 600)
X_test = np.random.randint(0, 256, (100, 28, 28)).astype("float32")
y_test = np.random.randint(0, 10, 100)

is_five_train = y_train == 5
is_five_test = y_test == 5
labels = ["Not Five", "Is Five"]

img_width = X_train.shape[1]
img_height = X_train.shape[2]

# create model
model = Sequential()
model.add(Flatten(input_shape=(img_width, img_height)))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam", metrics=["accuracy"])

# Fit the model
model.fit(X_train, is_five_train, epochs=epochs, validation_data=(X_test, is_five_test))
