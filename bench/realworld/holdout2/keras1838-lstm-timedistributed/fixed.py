import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Activation, Dropout, Dense, TimeDistributed

# 398 time steps of 40 features per sequence, one of 11 classes per sequence (synthetic)
X_train = np.random.rand(160, 398, 40).astype("float32")
Y_train = np.eye(11)[np.random.randint(0, 11, 160)]

model = Sequential()
model.add(LSTM(128, input_shape=(398, 40), activation="sigmoid", recurrent_activation="hard_sigmoid"))
model.add(Activation("sigmoid"))
model.add(Dropout(0.2))
model.add(Dense(11))
model.add(Activation("softmax"))
model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
model.fit(X_train, Y_train, batch_size=32, epochs=2)
