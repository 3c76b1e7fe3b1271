# TensorFlow and tf.keras
import tensorflow as tf
from tensorflow import keras

# Helper libraries
import numpy as np


def load_data():
    # stand-in for keras.datasets.fashion_mnist.load_data(): uint8 28x28 images, labels 0..9
    rng = np.random.RandomState(0)
    return ((rng.randint(0, 256, (300, 28, 28)).astype(np.uint8), rng.randint(0, 10, 300).astype(np.uint8)),
            (rng.randint(0, 256, (60, 28, 28)).astype(np.uint8), rng.randint(0, 10, 60).astype(np.uint8)))


(train_images, train_labels), (test_images, test_labels) = load_data()

class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
               'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']

train_images = train_images / 255.0
test_images = test_images / 255.0

model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(128, activation=tf.nn.relu),
    keras.layers.Dense(10, activation=tf.nn.softmax)
])

model.compile(optimizer=keras.optimizers.Adam(),
              loss='categorical_crossentropy',
              metrics=['accuracy'])

model.fit(train_images, train_labels, epochs=2)

test_loss, test_acc = model.evaluate(test_images, test_labels)
print('Test accuracy:', test_acc)
