import numpy as np
from keras.models import Sequential
from keras.layers import LSTM


class t:
    '''stand-in for the author's data module: windows of 60 prices and the next price'''
    @staticmethod
    def LoadData():
        prices = 5.0 + np.cumsum(np.random.randn(400) * 0.05)
        X = np.array([prices[i:i + 60] for i in range(300)])
        y = np.array([prices[i + 60] for i in range(300)])
        return (X[:240], y[:240]), (X[240:], y[240:])


batch_size = 32

print('Loading data...')
(X_train, y_train), (X_test, y_test) = t.LoadData()
print(len(X_train), 'train sequences')
print(len(X_test), 'test sequences')

X_train = np.reshape(X_train, X_train.shape + (1,))
X_test = np.reshape(X_test, X_test.shape + (1,))

print('X_train shape:', X_train.shape)
print('X_test shape:', X_test.shape)

print('Build model...')
model = Sequential()
model.add(LSTM(1, input_shape=X_train.shape[1:]))

model.compile(loss='mse',
              optimizer='sgd')

print("Train...")
model.fit(X_train, y_train, batch_size=batch_size, epochs=3,
          validation_data=(X_test, y_test))
score = model.evaluate(X_test, y_test,
                       batch_size=batch_size)
print('Test score:', score)
