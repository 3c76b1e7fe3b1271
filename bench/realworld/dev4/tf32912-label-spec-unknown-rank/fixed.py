import numpy as np
import tensorflow as tf
from tensorflow.data import Dataset

batch_size = 32
# stand-in for the CIFAR-10 arrays (no download here); 150 images, not a multiple of the batch size
train_x = np.random.rand(150, 32, 32, 3).astype('float32')
train_y = np.random.randint(0, 10, 150).astype('float32')
train_ds_element_count = len(train_x)


def gen():
    for start in range(0, train_ds_element_count, batch_size):
        yield train_x[start:start + batch_size], train_y[start:start + batch_size]


train_ds = Dataset.from_generator(
    gen,
    output_signature=(
        tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None,), dtype=tf.float32)
    )
)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(32, 32, 3)),
    tf.keras.layers.Conv2D(32, 3, activation='relu'),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(64, 3, activation='relu'),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(64, activation='relu'),
    tf.keras.layers.Dense(10)
])
model.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])

model.fit(train_ds, epochs=3)
