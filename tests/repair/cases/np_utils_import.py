import numpy as np
from keras.utils.np_utils import to_categorical
from keras import layers, models

data = np.random.rand(60, 10).astype("float32")
labels = to_categorical(np.random.randint(0, 3, 60), 3)
m = models.Sequential([layers.Input(shape=(10,)), layers.Dense(12, activation="relu"), layers.Dense(3, activation="softmax")])
m.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
m.fit(data, labels, epochs=1, batch_size=12, verbose=0)
