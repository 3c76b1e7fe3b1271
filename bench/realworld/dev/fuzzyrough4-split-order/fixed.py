import numpy as np
from tensorflow import keras


def train_test_split(*arrays, test_size=0.25, seed=42):
    """Same contract as sklearn's: returns a_train, a_test, b_train, b_test, ..."""
    n = len(arrays[0])
    idx = np.random.default_rng(seed).permutation(n)
    n_test = int(round(n * test_size))
    test, train = idx[:n_test], idx[n_test:]
    out = []
    for a in arrays:
        out += [a[train], a[test]]
    return out


# prognostic breast-cancer table: 33 numeric columns and a recur / no-recur outcome
prog = np.random.rand(198, 34).astype("float32")
prog[:, -1] = (prog[:, -1] > 0.7).astype("float32")
X = prog[:, :-1]
y = prog[:, -1]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)

model = keras.Sequential([
    keras.Input(shape=(33,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=3, batch_size=16)
print(model.evaluate(X_test, y_test))
