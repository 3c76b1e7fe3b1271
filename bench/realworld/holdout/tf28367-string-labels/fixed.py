import numpy as np
import tensorflow as tf

# measurements of iris flowers and their species name
features = np.random.rand(300, 4).astype("float32")
species = np.random.choice(["setosa", "versicolor", "virginica"], size=300)

class_names = sorted(set(species))
labels = np.array([class_names.index(name) for name in species])
train_ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(300).batch(32)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(4,)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=3)
