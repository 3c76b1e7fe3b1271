import os
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense
from tensorflow.keras import Model, Input
from tensorflow.keras.callbacks import Callback


# --- stand-in for sklearn.datasets.make_blobs (not installed here): seeded Gaussian ---
# --- blobs around 5 centers drawn in (-10, 10), as make_blobs does                   ---
def make_blobs(n_features, n_samples, cluster_std, centers, random_state=0):
    rng = np.random.RandomState(random_state)
    center_points = rng.uniform(-10.0, 10.0, size=(centers, n_features))
    labels = rng.randint(0, centers, size=n_samples)
    points = center_points[labels] + cluster_std * rng.randn(n_samples, n_features)
    return points.astype("float32"), labels
# --- end of stand-in ---


X, y = make_blobs(n_features=10,
                  n_samples=500,
                  cluster_std=1.5,
                  centers=5)


inputs = Input(shape=(10,))

x = Dense(8, activation='selu', kernel_initializer='lecun_normal')(inputs)
x = Dense(8, activation='selu', kernel_initializer='lecun_normal')(x)
outputs = Dense(5, activation='softmax')(x)

model = Model(inputs=inputs, outputs=outputs)

model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])


class PrintAccuracy(Callback):
    def on_epoch_end(self, epoch, logs=None):
        print('\nEpoch {}: accuracy is {:.4f}'.format(epoch + 1, logs['accuracy']))


history = model.fit(X, y, epochs=2, batch_size=32, callbacks=[PrintAccuracy()])
