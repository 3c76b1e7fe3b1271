import numpy as np
import tensorflow as tf

# stands in for tf.keras.datasets.fashion_mnist.load_data()
training_images = np.random.randint(0, 256, (1000, 28, 28)) / 255.0
training_labels = np.random.randint(0, 10, 1000)
test_images = np.random.randint(0, 256, (200, 28, 28)) / 255.0
test_labels = np.random.randint(0, 10, 200)

model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation=tf.nn.relu),
    tf.keras.layers.Dense(10, activation=tf.nn.softmax),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(training_images, training_labels, epochs=2)
model.evaluate(test_images, test_labels)

print(model.predict(test_images[5]))
print(test_labels[5])
