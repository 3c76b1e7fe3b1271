import numpy as np
from tensorflow.keras import optimizers
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import SimpleRNN, Dense, Activation

# sequences of 7 one-hot letters (7-letter alphabet); the label is the next letter (synthetic)
rng = np.random.default_rng(0)
letters = rng.integers(0, 7, (300, 8))
X = np.eye(7, dtype="float32")[letters[:, :7]]
y = np.eye(7, dtype="float32")[letters[:, 7]]


def build_model():
    model = Sequential()
    model.add(SimpleRNN(7, input_shape = [7,7], return_sequences = True))
    model.add(Dense(7))
    model.add(Activation('softmax'))
    adam = optimizers.Adam(learning_rate = 0.001)
    model.compile(loss='categorical_crossentropy',optimizer=adam, metrics=['accuracy'])
    model.summary()
    return model


model = build_model()
model.fit(X, y, epochs=3, batch_size=32)
