import numpy as np
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential


class Table:
    """The bits of a pandas DataFrame this script uses: .values of mixed-type columns."""

    def __init__(self, columns):
        self.values = np.empty((len(columns[0]), len(columns)), dtype=object)
        for j, col in enumerate(columns):
            self.values[:, j] = col


rng = np.random.default_rng(11)
n = 480
# 24 numeric columns read as floats, one count column read as Python ints
columns = [list(rng.random(n)) for _ in range(24)] + [[int(v) for v in rng.integers(0, 9, n)]]
X = Table(columns)
y = rng.random((n, 1)).astype("float32")

model = Sequential()
model.add(Dense(64, activation="relu", input_shape=(25,)))
model.add(Dense(32, activation="relu"))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(X.values, y, epochs=5)
