import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from keras.utils import to_categorical

# the survey codes its answers 2..9 (0 and 1 are not used)
cols = [8, 4, 6, 3, 5, 9, 7, 2]
answers = np.random.choice(cols, size=400)
features = np.random.rand(400, 12).astype("float32")

arr = to_categorical(answers, num_classes=len(cols))

model = Sequential()
model.add(Dense(32, activation="relu", input_dim=12))
model.add(Dense(arr.shape[1], activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(features, arr, epochs=3, batch_size=32)
