import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.callbacks import Callback


class TQDMNotebookCallback(Callback):
    """Stand-in for keras_tqdm's notebook progress bar (keras_tqdm is not installed here)."""

    def on_epoch_end(self, epoch, logs=None):
        print("epoch", epoch + 1, "loss", round(float(logs["loss"]), 4))


# binary classification data (synthetic)
X_train = np.random.rand(300, 20).astype("float32")
y_train = np.random.randint(0, 2, 300)

model = Sequential()
model.add(Dense(64, activation='relu', input_shape=(20,)))
model.add(Dropout(0.5))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam')
model.fit(X_train, y_train, epochs=3, batch_size=32, verbose=0, callbacks=[TQDMNotebookCallback()])
