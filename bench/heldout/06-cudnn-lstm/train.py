"""Activity recognition from accelerometer windows with a recurrent network."""

import numpy as np
import keras
import keras.layers as kl

SEQ_LEN = 40
CHANNELS = 3
ACTIVITIES = 6

signals = np.random.normal(size=(200, SEQ_LEN, CHANNELS)).astype("float32")
activity = np.random.randint(0, ACTIVITIES, size=(200,))


def recurrent_net():
    seq_in = kl.Input(shape=(SEQ_LEN, CHANNELS), name="accel")
    h = kl.CuDNNLSTM(32, return_sequences=True)(seq_in)
    h = kl.CuDNNLSTM(16)(h)
    h = kl.Dense(32, activation="relu")(h)
    out = kl.Dense(ACTIVITIES, activation="softmax")(h)
    return keras.Model(seq_in, out)


rnn = recurrent_net()
rnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
rnn.fit(signals, activity, epochs=2, batch_size=20)
