import numpy as np
from tensorflow.keras.layers import Conv1D, Dense, Flatten, Input
from tensorflow.keras.models import Model

# sliding windows of 30 past values of a sensor series, predict the next value
series = np.cumsum(np.random.randn(2000)).astype("float32")
window = 30
series_input_train = np.stack([series[i:i + window] for i in range(1500)])
y_train = series[window:window + 1500]

series_input = Input(shape=(series_input_train.shape[1],), name="series_input")
x = Conv1D(filters=32, kernel_size=5, strides=1, padding="causal", activation="relu")(series_input)
x = Flatten()(x)
x = Dense(16, activation="relu")(x)
output = Dense(1)(x)

model = Model(inputs=series_input, outputs=output)
model.compile(optimizer="adam", loss="mse")
model.fit(series_input_train, y_train, epochs=2, batch_size=64)
