import numpy as np
import tensorflow as tf
from tensorflow.keras.applications import MobileNetV2
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Model
from tensorflow.keras.utils import to_categorical

NUM_CLASSES = 67  # indoor scene categories
IMG = 64

X = np.random.rand(96, IMG, IMG, 3).astype("float32")
y = to_categorical(np.random.randint(0, NUM_CLASSES, 96), NUM_CLASSES)

base_model = MobileNetV2(weights=None, include_top=False, alpha=0.35,
                         input_shape=(IMG, IMG, 3))
for layer in base_model.layers:
    layer.trainable = False

x = base_model.output
predictions = Dense(NUM_CLASSES, activation="softmax")(x)
model = Model(inputs=base_model.input, outputs=predictions)

model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, batch_size=16, epochs=2, validation_split=0.25)
