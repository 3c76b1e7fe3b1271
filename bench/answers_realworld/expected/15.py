import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Flatten, Dropout
from tensorflow.keras.utils import to_categorical


# logging code (wandb run.config replaced by a plain object)
class Config:
    pass


config = Config()

config.epochs = 2

# load data (synthetic stand-in for mnist.load_data())
X_train = np.random.randint(0, 256, size=(300, 28, 28)).astype('uint8')
y_train = np.random.randint(0, 10, size=(300,))
X_test = np.random.randint(0, 256, size=(100, 28, 28)).astype('uint8')
y_test = np.random.randint(0, 10, size=(100,))

is_five_train = y_train == 5
is_five_test = y_test == 5
labels = ["Not Five", "Is Five"]

img_width = X_train.shape[1]
img_height = X_train.shape[2]

# create model
model=Sequential()
model.add(Flatten(input_shape=(img_width,img_height)))
model.add(Dense(1))
model.compile(loss='mse', optimizer='adam',
                metrics=['accuracy'])

# Fit the model
model.fit(X_train, is_five_train, epochs=config.epochs, validation_data=(X_test, is_five_test))
