import numpy as np
from keras.layers import Dense, Dropout
from keras.models import Sequential
from keras.utils import to_categorical

# letter recognition: 16 numeric attributes per sample, the letter as label
alphabet = "abcdefghijklmnopqrstuvwxyz"
letters = np.array(list(alphabet) * 20)
np.random.shuffle(letters)
features = np.random.randint(0, 16, (len(letters), 16)).astype("float32")

labels = np.array([ord(c) for c in letters]) - 97
y = to_categorical(labels)

model = Sequential()
model.add(Dense(64, activation="relu", input_shape=(16,)))
model.add(Dropout(0.2))
model.add(Dense(26, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(features, y, epochs=3, batch_size=32, validation_split=0.1)
