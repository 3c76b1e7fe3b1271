import numpy as np
from tensorflow.keras.layers import LSTM, Dense, Dropout, Input
from tensorflow.keras.models import Model

# transactions grouped per card: 10 time steps of 8 features, label = fraud or not
n_samples, timesteps, n_features = 256, 10, 8
X = np.random.rand(n_samples, timesteps, n_features).astype("float32")
y = np.random.randint(0, 2, size=(n_samples, 1))

inputs = Input(shape=(timesteps, n_features))
x1 = LSTM(50, dropout=0.3, recurrent_dropout=0.2, return_sequences=True)(inputs)
x2 = LSTM(50, dropout=0.3, recurrent_dropout=0.2)(x1)
x = Dropout(0.2)(x2)
outputs = Dense(1, activation="sigmoid")(x)

model = Model(inputs=inputs, outputs=outputs)
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.summary()
model.fit(X, y, epochs=2, batch_size=32, validation_split=0.2)
