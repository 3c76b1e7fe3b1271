"""Regression with a Keras 2 style custom loss written with backend functions."""
import numpy as np
import keras
from keras import backend as K


def rmse(y_true, y_pred):
    return K.sqrt(K.mean(K.square(y_pred - y_true), axis=-1))


xs = np.random.rand(48, 3).astype("float32")
ys = xs.sum(axis=1, keepdims=True)
m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
m.compile(optimizer="adam", loss=rmse)
m.fit(xs, ys, epochs=1, batch_size=16, verbose=0)
