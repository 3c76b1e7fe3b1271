import numpy as np

from keras.models import Sequential
from keras.layers import Dense
from keras.callbacks import Callback


class HeraModel(object):
    """Stand-in for heraspy.model.HeraModel (heraspy is not installed here): it holds the
    model description and dashboard address, and exposes its Keras callback as .callback."""

    def __init__(self, model_info, server_info):
        self.model_info = model_info
        self.server_info = server_info
        self.callback = HeraCallback(self)


class HeraCallback(Callback):
    def __init__(self, hera_model):
        super().__init__()
        self.hera_model = hera_model

    def on_epoch_end(self, epoch, logs=None):
        print('[hera] {} epoch {}: {}'.format(self.hera_model.model_info['id'], epoch, logs))


hera_model = HeraModel({'id': 'my-model'}, {'domain': 'localhost', 'port': 4000})

X = np.random.uniform(0, 1, (1000, 100))
y = np.random.choice((0, 1), 1000)

model = Sequential()
model.add(Dense(1, input_shape=(100,)))
model.compile(loss='binary_crossentropy', optimizer='rmsprop', metrics=['accuracy'])

model.fit(X, y, verbose=True, callbacks=[hera_model])
