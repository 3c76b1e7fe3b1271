# A CNN first written for 32x32 grayscale digits, reused to classify colour face images.
import numpy as np
import tensorflow as tf

# --- stand-in for the face image folder: 240 colour images of 32x32, five people ---
rng = np.random.RandomState(0)
x_train = rng.rand(240, 32, 32, 3).astype('float32')
y_train = rng.randint(0, 5, 240)
num_classes = 5
# --- end of stand-in ---

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Conv2D(
    input_shape=(32, 32, 3),
    filters=32,
    kernel_size=(3, 3),
    activation='relu'))
model.add(tf.keras.layers.MaxPooling2D(pool_size=(2, 2)))
model.add(tf.keras.layers.Conv2D(filters=64, kernel_size=(3, 3), activation='relu'))
model.add(tf.keras.layers.MaxPooling2D(pool_size=(2, 2)))
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(128, activation='relu'))
model.add(tf.keras.layers.Dense(num_classes, activation='softmax'))

model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=3, batch_size=32, validation_split=0.2)
