# cnn_keras.py of a sign-language gesture recognizer: a small CNN trained on 50 x 50
# grayscale hand-gesture images, one class per gesture.
import numpy as np
from keras import optimizers
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Flatten
from keras.layers import Conv2D
from keras.layers import MaxPooling2D
from keras.utils import to_categorical
from keras.callbacks import ModelCheckpoint
from keras import backend as K
K.set_image_dim_ordering('tf')

# --- stand-in for the gesture folders and the pickled image / label files ---
image_x, image_y = 50, 50
num_of_classes = 10
rng = np.random.RandomState(0)
train_images_data = rng.randint(0, 256, size=(300, image_x, image_y)).astype('uint8')
train_labels_data = rng.randint(0, num_of_classes, size=(300,))
test_images_data = rng.randint(0, 256, size=(60, image_x, image_y)).astype('uint8')
test_labels_data = rng.randint(0, num_of_classes, size=(60,))
# --- end of stand-in ---


def get_num_of_classes():
    return num_of_classes


def cnn_model():
    num_of_classes = get_num_of_classes()
    model = Sequential()
    model.add(Conv2D(32, (5, 5), input_shape=(image_x, image_y, 1), activation='sigmoid'))
    model.add(MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='same'))
    model.add(Conv2D(64, (5, 5), activation='sigmoid'))
    model.add(MaxPooling2D(pool_size=(5, 5), strides=(5, 5), padding='same'))
    model.add(Flatten())
    model.add(Dense(1024, activation='relu'))
    model.add(Dropout(0.6))
    model.add(Dense(num_of_classes, activation='softmax'))
    sgd = optimizers.SGD(learning_rate=1e-2)
    model.compile(loss='categorical_crossentropy', optimizer=sgd, metrics=['accuracy'])
    filepath = "cnn_model_keras2.h5"
    checkpoint1 = ModelCheckpoint(filepath, monitor='val_accuracy', verbose=1, save_best_only=True, mode='max')
    callbacks_list = [checkpoint1]
    return model, callbacks_list


def train():
    train_images = np.array(train_images_data)
    train_labels = np.array(train_labels_data, dtype=np.int32)
    test_images = np.array(test_images_data)
    test_labels = np.array(test_labels_data, dtype=np.int32)

    train_images = np.reshape(train_images, (train_images.shape[0], image_x, image_y, 1))
    test_images = np.reshape(test_images, (test_images.shape[0], image_x, image_y, 1))
    train_labels = to_categorical(train_labels)
    test_labels = to_categorical(test_labels)

    model, callbacks_list = cnn_model()
    model.fit(train_images, train_labels, validation_data=(test_images, test_labels), epochs=2, batch_size=100, callbacks=callbacks_list)
    scores = model.evaluate(test_images, test_labels, verbose=0)
    print("CNN Error: %.2f%%" % (100 - scores[1] * 100))


train()
