import numpy as np
import tensorflow as tf
from tensorflow.keras import Model
from tensorflow.keras.layers import Activation, BatchNormalization, Conv2D, Dense, Dropout, Flatten, MaxPool2D

# stands in for tf.keras.datasets.fashion_mnist.load_data()
x_train = np.random.randint(0, 256, (1000, 28, 28)).astype("float32")
y_train = np.random.randint(0, 10, 1000)
x_test = np.random.randint(0, 256, (200, 28, 28)).astype("float32")
y_test = np.random.randint(0, 10, 200)
x_train, x_test = x_train / 255.0, x_test / 255.0


class Baseline(Model):
    def __init__(self):
        super(Baseline, self).__init__()
        self.c1 = Conv2D(filters=6, kernel_size=(5, 5), padding="same")
        self.b1 = BatchNormalization()
        self.a1 = Activation("relu")
        self.p1 = MaxPool2D(pool_size=(2, 2), strides=2, padding="same")
        self.d1 = Dropout(0.2)
        self.flatten = Flatten()
        self.f1 = Dense(128, activation="relu")
        self.d2 = Dropout(0.2)
        self.f2 = Dense(10, activation="softmax")

    def call(self, x):
        x = self.c1(x)
        x = self.b1(x)
        x = self.a1(x)
        x = self.p1(x)
        x = self.d1(x)
        x = self.flatten(x)
        x = self.f1(x)
        x = self.d2(x)
        return self.f2(x)


model = Baseline()
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=False),
              metrics=["sparse_categorical_accuracy"])
history = model.fit(x_train, y_train, batch_size=32, epochs=2,
                    validation_data=(x_test, y_test), validation_freq=1)
model.summary()
