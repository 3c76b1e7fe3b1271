# Fine-tuning the top layers of a VGG16 network on a small two-class image set, part three of
# the Keras blog post "Building powerful image classification models using very little data".
import numpy as np
from keras import applications
from keras import optimizers
from keras.models import Sequential, Model
from keras.layers import Dropout, Flatten, Dense

# dimensions of our images.
img_width, img_height = 48, 48
epochs = 2
batch_size = 16

# --- stand-in data: 96 training and 32 validation images, cats (0) and dogs (1) ---
rng = np.random.RandomState(0)
x_train = rng.rand(96, img_width, img_height, 3).astype('float32')
y_train = rng.randint(0, 2, size=(96, 1)).astype('float32')
x_val = rng.rand(32, img_width, img_height, 3).astype('float32')
y_val = rng.randint(0, 2, size=(32, 1)).astype('float32')
# --- end of stand-in ---

# build the VGG16 network
model = applications.VGG16(weights=None, include_top=False,
                           input_shape=(img_width, img_height, 3))
print('Model loaded.')

# build a classifier model to put on top of the convolutional model
top_model = Sequential()
top_model.add(Flatten(input_shape=model.output_shape[1:]))
top_model.add(Dense(256, activation='relu'))
top_model.add(Dropout(0.5))
top_model.add(Dense(1, activation='sigmoid'))

# add the model on top of the convolutional base
model = Model(inputs=model.input, outputs=top_model(model.output))

# set the first 15 layers (up to the last conv block)
# to non-trainable (weights will not be updated)
for layer in model.layers[:15]:
    layer.trainable = False

# compile the model with a SGD/momentum optimizer
# and a very slow learning rate.
model.compile(loss='binary_crossentropy',
              optimizer=optimizers.SGD(learning_rate=1e-4, momentum=0.9),
              metrics=['accuracy'])

# fine-tune the model
model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epochs,
          validation_data=(x_val, y_val))
