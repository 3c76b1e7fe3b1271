import os

import numpy as np
import tensorflow as tf
from tensorflow import keras

# MNIST: the first 1000 digits, flattened and scaled (synthetic)
train_images = np.random.rand(300, 28 * 28).astype("float32")
train_labels = np.random.randint(0, 10, 300)
test_images = np.random.rand(100, 28 * 28).astype("float32")
test_labels = np.random.randint(0, 10, 100)


# Define a simple sequential model
def create_model():
  model = tf.keras.models.Sequential([
    keras.layers.Dense(512, activation='relu', input_shape=(784,)),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(10)
  ])

  model.compile(optimizer='adam',
                loss=tf.losses.SparseCategoricalCrossentropy(from_logits=True),
                metrics=['accuracy'])

  return model


# Include the epoch in the file name (uses `str.format`)
checkpoint_path = "training_2/cp-{epoch:04d}.weights.h5"
checkpoint_dir = os.path.dirname(checkpoint_path)
os.makedirs(checkpoint_dir, exist_ok=True)

# Create a callback that saves the model's weights every 5 epochs
cp_callback = tf.keras.callbacks.ModelCheckpoint(
    filepath=checkpoint_path,
    verbose=1,
    save_weights_only=True,
    period=5)

# Create a new model instance
model = create_model()

# Save the weights using the `checkpoint_path` format
model.save_weights(checkpoint_path.format(epoch=0))

# Train the model with the new callback
model.fit(train_images,
          train_labels,
          epochs=5,
          batch_size=32,
          callbacks=[cp_callback],
          validation_data=(test_images, test_labels),
          verbose=0)
