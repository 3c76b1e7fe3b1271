# Hourly series: one week of history (7*24 steps, 3 features) forecasts the next 24 hours.
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import LSTM, Dense

# --- stand-ins: the hourly data (X: 3 features per hour, y: the next 24 hours) and
# keras.preprocessing.sequence.TimeseriesGenerator, which Keras 3 no longer ships ---
rng = np.random.RandomState(0)
X = rng.rand(1800, 3).astype('float32')
y = rng.rand(1800, 24).astype('float32')
X_val = rng.rand(900, 3).astype('float32')
y_val = rng.rand(900, 24).astype('float32')


class TimeseriesGenerator(keras.utils.PyDataset):
    def __init__(self, data, targets, length, stride=1, batch_size=128):
        super().__init__()
        self.data, self.targets, self.length = data, targets, length
        self.stride, self.batch_size = stride, batch_size
        self.rows = np.arange(length, len(data), stride)

    def __len__(self):
        return int(np.ceil(len(self.rows) / self.batch_size))

    def __getitem__(self, index):
        rows = self.rows[index * self.batch_size:(index + 1) * self.batch_size]
        samples = np.array([self.data[row - self.length:row] for row in rows])
        return samples, self.targets[rows]
# --- end of stand-ins ---

train_generator = TimeseriesGenerator(X, y, length=7*24, stride=24, batch_size=32)
val_generator = TimeseriesGenerator(X_val, y_val, length=7*24, stride=24, batch_size=32)
print(X.shape, y.shape)

model = Sequential()
model.add(LSTM(32, return_sequences=True, input_shape=(7*24, X.shape[1])))
model.add(Dense(24))

model.compile(loss='mean_squared_error', optimizer='adam', metrics=['mse'])
model.fit(train_generator, validation_data=val_generator, epochs=3, verbose=1)
