import numpy as np
import tensorflow as tf


def generator():
    '''stand-in for the ImageNet generator: (image, label) pairs of shape ((64, 64, 3), (1,))'''
    for _ in range(96):
        image = np.random.rand(64, 64, 3).astype('float32')
        label = np.array([np.random.randint(0, 10)], dtype='uint8')
        yield image, label


dataset = tf.data.Dataset.from_generator(
    generator, output_types=('float32', 'uint8'),
    output_shapes=(tf.TensorShape((None, None, None)), tf.TensorShape((1, )))
)
dataset = dataset.batch(16)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(64, 64, 3)),
    tf.keras.layers.Conv2D(16, 3, activation='relu'),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(32, 3, activation='relu'),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(10, activation='softmax'),
])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])

model.fit(dataset, epochs=3)
