import numpy as np
from keras.models import Sequential
from keras.layers import Dense,Activation,LSTM


def make_regression(n_samples, n_features, n_informative, n_targets):
    # stand-in for sklearn.datasets.make_regression (synthetic linear targets)
    rng = np.random.RandomState(0)
    X = rng.randn(n_samples, n_features)
    coef = np.zeros((n_features, n_targets))
    coef[:n_informative] = rng.rand(n_informative, n_targets) * 100
    return X, X @ coef


#creating sample dataset
X,Y=make_regression(100,9,9,2)
X = X.reshape(X.shape + (1,))
X.shape
Y.shape
#creating LSTM model
model = Sequential()
model.add(LSTM(32, input_shape=(9, 1)))
model.add(Dense(2))
model.compile(loss='mean_squared_error', optimizer='adam')
#model fitting
model.fit(X, Y, epochs=2, batch_size=32)
