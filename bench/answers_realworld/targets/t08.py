import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense


def create_dataset(dataset, look_back=1):
    dataX, dataY = [], []
    for i in range(len(dataset) - look_back - 1):
        a = dataset[i:(i + look_back), 0]
        dataX.append(a)
        dataY.append(dataset[i + look_back, 0])
    return np.array(dataX), np.array(dataY)


# synthetic stand-in for the loaded time series
dataset = np.random.rand(300, 1).astype("float32")
train, test = dataset[:200], dataset[200:]

look_back = 10
trainX, trainY = create_dataset(train, look_back)
testX, testY = create_dataset(test, look_back)

# reshape input to be [samples, time steps, features]
trainX = np.reshape(trainX, (trainX.shape[0], trainX.shape[1], 1))
testX = np.reshape(testX, (testX.shape[0], testX.shape[1], 1))

# create and fit the LSTM network
batch_size = 100
model = Sequential()
model.add(LSTM(10, input_shape=(None, look_back)))  # Keras 1: LSTM(10, input_dim=look_back)
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')
model.fit(trainX, trainY, epochs=2, batch_size=batch_size, verbose=2)
