import tensorflow as tf
import numpy as np


def load_fashion_mnist():
    '''stand-in for tf.keras.datasets.fashion_mnist.load_data() (no download here): random 28x28 images'''
    x_train = np.random.randint(0, 256, (240, 28, 28)).astype('uint8')
    y_train = np.random.randint(0, 10, 240).astype('uint8')
    x_test = np.random.randint(0, 256, (40, 28, 28)).astype('uint8')
    y_test = np.random.randint(0, 10, 40).astype('uint8')
    return (x_train, y_train), (x_test, y_test)


class myCallback(tf.keras.callbacks.Callback):
  def on_epoch_end(self, epoch, logs={}):
    if(logs.get('accuracy')>0.6):
      print("\nReached 60% accuracy so cancelling training!")
      self.model.stop_training = True

(x_train, y_train),(x_test, y_test) = load_fashion_mnist()
x_train, x_test = x_train / 255.0, x_test / 255.0

callbacks = myCallback()

model = tf.keras.models.Sequential([
  tf.keras.layers.Flatten(input_shape=(28, 28)),
  tf.keras.layers.Dense(512, activation=tf.nn.relu),
  tf.keras.layers.Dense(10, activation=tf.nn.softmax)
])
model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

model.fit(x_train, y_train, epochs=3, callbacks=[callbacks])
