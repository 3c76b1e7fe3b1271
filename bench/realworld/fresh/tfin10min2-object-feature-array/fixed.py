import numpy as np
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential

# customer churn: tenure (int), monthly charges (float), contract one-hot (bool)
rng = np.random.default_rng(2)
n = 400
contracts = np.array(["Month-to-month", "One year", "Two year"])
contract = rng.choice(contracts, n)
X = np.empty((n, 5), dtype=object)  # what pd.get_dummies(...).values gives for mixed columns
X[:, 0] = rng.integers(0, 72, n)
X[:, 1] = rng.random(n) * 100
X[:, 2:] = contract[:, None] == contracts
y = rng.integers(0, 2, n)

X_train, X_test, y_train, y_test = X[:320], X[320:], y[:320], y[320:]
X_train = np.asarray(X_train).astype("float32")
y_train = np.asarray(y_train).astype("float32")

model = Sequential()
model.add(Dense(units=32, activation="relu", input_dim=X_train.shape[1]))
model.add(Dense(units=64, activation="relu"))
model.add(Dense(units=1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="sgd", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=3, batch_size=32)
