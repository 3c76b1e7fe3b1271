import numpy as np
import keras
from keras import layers

# 28x28 digits flattened to 784 features, labels 0..9 (synthetic stand-in for mnist.load_data())
x_train = np.random.rand(300, 784).astype("float32")
y_train = np.random.randint(0, 10, 300)
x_test = np.random.rand(60, 784).astype("float32")
y_test = np.random.randint(0, 10, 60)

inputs = keras.Input(shape=(784,))
x = layers.Dense(64, activation="relu")(inputs)
x = layers.Dense(64, activation="relu")(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")

model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer=keras.optimizers.Adam(lr=0.001),
    metrics=["accuracy"],
)

history = model.fit(x_train, y_train, batch_size=64, epochs=2, validation_split=0.2)

test_scores = model.evaluate(x_test, y_test, verbose=2)
print("Test loss:", test_scores[0])
print("Test accuracy:", test_scores[1])
