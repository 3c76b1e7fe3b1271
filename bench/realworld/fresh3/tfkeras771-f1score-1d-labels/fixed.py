import numpy as np
import tensorflow as tf
from tensorflow import keras

# tabular features and an imbalanced binary label read as a Series (synthetic)
X_train = np.random.rand(400, 20).astype("float32")
y_train = list((np.random.rand(400) < 0.3).astype("float32"))

y_train = np.array(y_train).reshape(-1, 1)
class_weights = {0: 1.0, 1: 2.3}

model = keras.Sequential([
    keras.layers.Input(shape=(20,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam",
              loss="binary_crossentropy",
              metrics=[keras.metrics.F1Score(threshold=0.5), "accuracy"])

model.fit(X_train, y_train, epochs=3, batch_size=32, class_weight=class_weights)
