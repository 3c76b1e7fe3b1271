# TensorFlow and tf.keras
import tensorflow as tf
from tensorflow import keras

# Helper libraries
import numpy as np

print(tf.__version__)

# Fashion-MNIST: 28x28 grayscale images of 10 kinds of clothing (synthetic stand-in)
train_images = np.random.randint(0, 256, (600, 28, 28)).astype("uint8")
train_labels = np.random.randint(0, 10, 600).astype("uint8")
test_images = np.random.randint(0, 256, (100, 28, 28)).astype("uint8")
test_labels = np.random.randint(0, 10, 100).astype("uint8")

class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
               'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']

train_images = train_images / 255.0

test_images = test_images / 255.0

model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(128, activation='relu'),
    keras.layers.Dense(10, activation='softmax')
])

model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

model.fit(train_images, train_labels, epochs=3)

test_loss, test_acc = model.evaluate(test_images,  test_labels, verbose=2)

print('\nTest accuracy:', test_acc)
