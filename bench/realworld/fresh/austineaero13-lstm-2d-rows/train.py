import numpy as np
from keras.layers import LSTM, Dense, Dropout
from keras.models import Sequential

sequence_length = 50
# one engine's run: 400 cycles x (3 operational settings + 21 sensors), remaining useful life per cycle
features = np.random.rand(400, 24).astype("float32")
rul = np.arange(399, -1, -1).astype("float32")


def sequence_generator(data, seq_length):
    num_elements = data.shape[0]
    for start, stop in zip(range(0, num_elements - seq_length), range(seq_length, num_elements)):
        yield data[start:stop, :]


model = Sequential()
model.add(LSTM(units=100, input_shape=(sequence_length, 24), return_sequences=True))
model.add(Dropout(0.2))
model.add(LSTM(units=50, return_sequences=False))
model.add(Dropout(0.2))
model.add(Dense(units=1))
model.compile(loss="mean_squared_error", optimizer="adam")

model.fit(features, rul, epochs=2, batch_size=32, validation_split=0.05)
