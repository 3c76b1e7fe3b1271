import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

# IMDB reviews as integer sequences from a TextVectorization layer (synthetic)
max_length = 60
max_tokens = 200
rng = np.random.default_rng(0)
x_train = rng.integers(0, max_tokens, (320, max_length))
y_train = rng.integers(0, 2, 320)
x_val = rng.integers(0, max_tokens, (80, max_length))
y_val = rng.integers(0, 2, 80)
int_train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(32)
int_val_ds = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(32)

inputs = keras.Input(shape=(None,), dtype="int64")
embedded = tf.one_hot(inputs, depth=max_tokens)
x = layers.Bidirectional(layers.LSTM(32))(embedded)
x = layers.Dropout(0.5)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.summary()
model.fit(int_train_ds, validation_data=int_val_ds, epochs=2)
