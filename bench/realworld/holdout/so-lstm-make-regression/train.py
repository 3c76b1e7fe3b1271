import numpy as np
from keras.layers import LSTM, Dense
from keras.models import Sequential


def make_regression(n_samples, n_features, n_informative, n_targets, seed=0):
    """Like sklearn.datasets.make_regression: X (n_samples, n_features), Y (n_samples, n_targets)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_features))
    coef = np.zeros((n_features, n_targets))
    coef[:n_informative] = 100 * rng.random((n_informative, n_targets))
    return X, X @ coef


# creating sample dataset
X, Y = make_regression(100, 9, 9, 2)
print(X.shape, Y.shape)

# creating LSTM model
model = Sequential()
model.add(LSTM(32, input_dim=9))
model.add(Dense(2))
model.compile(loss="mean_squared_error", optimizer="adam")

# model fitting
model.fit(X, Y, epochs=2, batch_size=32)
