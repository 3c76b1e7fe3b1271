# Load the trained sensor model and predict one reading.
import numpy as np
from tensorflow import keras

arrTrain = np.loadtxt("train.csv", delimiter=",")
arrTest1 = np.loadtxt("sample.csv", delimiter=",")

model = keras.Sequential([
    keras.layers.Input(shape=(21,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(arrTrain[:, :21], arrTrain[:, 21], epochs=5, batch_size=32)

prediction = model.predict(arrTest1)
print("predicted class:", np.argmax(prediction, axis=1))
