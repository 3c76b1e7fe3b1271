import numpy as np
import tensorflow as tf
from tensorflow import keras

# landmarks of 17 body keypoints (y, x, score) per photo, from the pose-estimation step;
# the class folders of the user's own dataset give the pose names
class_names = ["chair", "cobra", "dog", "plank", "tree", "warrior", "triangle"]
X_train = np.random.rand(350, 51).astype("float32")
y_train = keras.utils.to_categorical(np.random.randint(0, len(class_names), 350), len(class_names))
X_val = np.random.rand(70, 51).astype("float32")
y_val = keras.utils.to_categorical(np.random.randint(0, len(class_names), 70), len(class_names))

inputs = tf.keras.Input(shape=(51,))
layer = keras.layers.Dense(128, activation=tf.nn.relu6)(inputs)
layer = keras.layers.Dropout(0.5)(layer)
layer = keras.layers.Dense(64, activation=tf.nn.relu6)(layer)
layer = keras.layers.Dropout(0.5)(layer)
outputs = keras.layers.Dense(len(class_names), activation="softmax")(layer)

model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=3, batch_size=16, validation_data=(X_val, y_val))
