import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dropout, Dense

# 30 timestamps with 3 features each -> 4 quantities to predict (synthetic stand-in
# for the question's X_train (72600, 30, 3) and y_train (72600, 4))
X_train = np.random.rand(200, 30, 3).astype('float32')
y_train = np.random.rand(200, 4).astype('float32')

model = Sequential()
model.add(LSTM(units = 50, return_sequences = True, input_shape = (X_train.shape[1], X_train.shape[2])))
model.add(Dropout(0.2))
model.add(LSTM(units = 50, return_sequences = True))
model.add(Dropout(0.2))
model.add(LSTM(units = 50, return_sequences = True))
model.add(Dropout(0.2))
model.add(Dense(units = 4))

model.compile(optimizer = 'adam', loss = 'mean_squared_error')
model.fit(X_train, y_train, epochs = 2, batch_size = 32)
