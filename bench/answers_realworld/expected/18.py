import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.callbacks import EarlyStopping

# synthetic regression data
X = np.random.rand(400, 10).astype('float32')
y = (X.sum(axis=1, keepdims=True) + 0.1 * np.random.randn(400, 1)).astype('float32')

model = Sequential()
model.add(Dense(32, activation='relu', input_shape=(10,)))
model.add(Dense(1))
model.compile(loss='mse', optimizer='adam')

# stop training when the validation loss levels off
early_stopping = EarlyStopping(monitor='val_loss', patience=10)
model.fit(X, y, batch_size=32, epochs=3, validation_split=0.2, callbacks=[early_stopping])
