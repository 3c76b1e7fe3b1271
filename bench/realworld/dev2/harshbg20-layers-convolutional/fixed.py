import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D
from keras.layers import Flatten, Dense, Dropout
from keras.callbacks import EarlyStopping
from keras.utils import to_categorical

# gesture images: 50x50 grayscale in the repository, synthetic here
image_x, image_y = 50, 50
num_of_classes = 10
train_images = np.random.rand(300, image_x, image_y, 1).astype("float32")
train_labels = np.random.randint(0, num_of_classes, 300)
val_images = np.random.rand(60, image_x, image_y, 1).astype("float32")
val_labels = np.random.randint(0, num_of_classes, 60)
train_labels = to_categorical(train_labels, num_of_classes)
val_labels = to_categorical(val_labels, num_of_classes)


def cnn_model():
    model = Sequential()
    model.add(Conv2D(16, (2, 2), input_shape=(image_x, image_y, 1), activation="relu"))
    model.add(MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding="same"))
    model.add(Conv2D(32, (3, 3), activation="relu"))
    model.add(MaxPooling2D(pool_size=(3, 3), strides=(3, 3), padding="same"))
    model.add(Conv2D(64, (5, 5), activation="relu"))
    model.add(MaxPooling2D(pool_size=(5, 5), strides=(5, 5), padding="same"))
    model.add(Flatten())
    model.add(Dense(128, activation="relu"))
    model.add(Dropout(0.2))
    model.add(Dense(num_of_classes, activation="softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    return model


model = cnn_model()
early = EarlyStopping(monitor="val_loss", patience=2)
model.fit(train_images, train_labels, validation_data=(val_images, val_labels), epochs=3, batch_size=50, callbacks=[early])
