import numpy
import keras
from keras import layers

xs = numpy.random.rand(50, 6).astype("float32")
ys = numpy.random.randint(0, 3, 50)
model = keras.Sequential([layers.Input(shape=(6,)), layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(xs, ys, epochs=1, verbose=0)
preds = model.predict_classes(xs[:5])
print("predicted", preds)
