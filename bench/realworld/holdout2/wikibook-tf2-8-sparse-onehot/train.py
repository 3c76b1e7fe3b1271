import numpy as np
import tensorflow as tf

# red and white wine: 12 normalized features (11 measurements plus type), type as label (synthetic)
wine_norm = np.random.rand(600, 13).astype("float32")
wine_norm[:, 12] = np.random.randint(0, 2, 600)
np.random.shuffle(wine_norm)
wine_np = wine_norm
train_idx = int(len(wine_np) * 0.8)
train_X, train_Y = wine_np[:train_idx, :-1], wine_np[:train_idx, -1]
test_X, test_Y = wine_np[train_idx:, :-1], wine_np[train_idx:, -1]
train_Y = tf.keras.utils.to_categorical(train_Y, num_classes=2)
test_Y = tf.keras.utils.to_categorical(test_Y, num_classes=2)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(units=48, activation="relu", input_shape=(12,)),
    tf.keras.layers.Dense(units=24, activation="relu"),
    tf.keras.layers.Dense(units=12, activation="relu"),
    tf.keras.layers.Dense(units=2, activation="softmax")
])

model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.07),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])

history = model.fit(train_X, train_Y, epochs=5, batch_size=32, validation_split=0.25)
