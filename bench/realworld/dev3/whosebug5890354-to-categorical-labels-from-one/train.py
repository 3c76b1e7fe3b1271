import numpy as np
import tensorflow as tf

# synthetic stand-in for the question's data: 9 features, 9 classes labelled 1..9
rng = np.random.RandomState(0)
x_train = rng.rand(300, 9)
y_train = rng.randint(1, 10, size=(300,)).astype("float64")
x_test = rng.rand(100, 9)
y_test = rng.randint(1, 10, size=(100,)).astype("float64")

print("Sets shape:")
print("x_train shape:", x_train.shape)
print("y_train shape:", y_train.shape)
print("x_test shape:", x_test.shape)
print("y_test shape:", y_test.shape)
print(np.unique(y_train))
print(len(np.unique(y_train)))

y_train = tf.keras.utils.to_categorical(y_train, num_classes=9)
y_test = tf.keras.utils.to_categorical(y_test, num_classes=9)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(9,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(9, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=32, validation_data=(x_test, y_test))
