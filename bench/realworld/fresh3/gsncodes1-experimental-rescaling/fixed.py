import numpy as np

import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.models import Sequential, save_model


batch_size = 32
img_height = 64
img_width = 64

# flower photos of 5 classes (synthetic), split 80/20 as image_dataset_from_directory does
class_names = ['daisy', 'dandelion', 'roses', 'sunflowers', 'tulips']
images = np.random.randint(0, 256, (200, img_height, img_width, 3)).astype("float32")
labels = np.random.randint(0, len(class_names), 200)

train_ds = tf.data.Dataset.from_tensor_slices((images[:160], labels[:160])).batch(batch_size)
val_ds = tf.data.Dataset.from_tensor_slices((images[160:], labels[160:])).batch(batch_size)

print("Class Names :", class_names)


train_ds = train_ds.cache().shuffle(1000)
val_ds = val_ds.cache()


num_classes = len(class_names) # 5

model = Sequential([
  layers.Rescaling(1./255, input_shape=(img_height, img_width, 3)),
  layers.Conv2D(16, 3, padding='same', activation='relu'),
  layers.MaxPooling2D(),
  layers.Conv2D(32, 3, padding='same', activation='relu'),
  layers.MaxPooling2D(),
  layers.Conv2D(64, 3, padding='same', activation='relu'),
  layers.MaxPooling2D(),
  layers.Flatten(),
  layers.Dense(128, activation='relu'),
  layers.Dense(num_classes)
])


model.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])


print(model.summary())

print("Model Training....")

epochs=2
history = model.fit(
  train_ds,
  validation_data=val_ds,
  epochs=epochs
)

print("Training Complete!")

acc = history.history['accuracy']
val_acc = history.history['val_accuracy']

loss = history.history['loss']
val_loss = history.history['val_loss']
