# X-ray classifier, Sequential API with a keras.applications backbone as one layer.
import numpy as np
import keras
from keras import layers

scans = np.random.rand(16, 32, 32, 1).astype("float32")
labels = np.random.randint(0, 2, size=(16,))
base = keras.applications.MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=None, alpha=0.35)
clf = keras.Sequential([
    base,
    layers.GlobalAveragePooling2D(),
    layers.Dense(2, activation="softmax"),
])
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
clf.fit(scans, labels, epochs=1, batch_size=8, verbose=0)
