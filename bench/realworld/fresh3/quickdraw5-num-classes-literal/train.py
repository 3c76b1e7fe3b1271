import numpy as np
from keras.layers import Dense,Flatten, Conv2D
from keras.layers import MaxPooling2D, Dropout
from keras.utils import to_categorical
import tensorflow as tf
from keras.models import Sequential
from keras.callbacks import ModelCheckpoint


def shuffle(features, labels):
    # sklearn is not installed here: the same shuffle in numpy
    idx = np.random.permutation(len(features))
    return features[idx], labels[idx]


def train_test_split(features, labels, random_state=0, test_size=0.1):
    rng = np.random.RandomState(random_state)
    idx = rng.permutation(len(features))
    n_test = int(len(features) * test_size)
    return features[idx[n_test:]], features[idx[:n_test]], labels[idx[n_test:]], labels[idx[:n_test]]


def keras_model(image_x, image_y):
    num_of_classes = 15
    model = Sequential()
    model.add(Conv2D(32, (5, 5), input_shape=(image_x,image_y,1), activation='relu'))
    model.add(MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='same'))
    model.add(Conv2D(64, (5, 5), activation='relu'))
    model.add(MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='same'))

    model.add(Flatten())
    model.add(Dense(512, activation='relu'))
    model.add(Dropout(0.6))
    model.add(Dense(128, activation='relu'))
    model.add(Dropout(0.6))
    model.add(Dense(num_of_classes, activation='softmax'))

    model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
    filepath = "QuickDraw.keras"
    checkpoint = ModelCheckpoint(filepath, monitor='val_acc', verbose=1, save_best_only=True, mode='max')
    callbacks_list = [checkpoint]

    return model, callbacks_list


def loadFromPickle():
    # what LoadData.py pickles: 28x28 drawings flattened to 784 values, one float label
    # per drawing, here for the 6 classes of .npy files the user downloaded (synthetic)
    features = np.random.rand(360, 784).astype('float32')
    labels = np.repeat(np.arange(6), 60).reshape(-1, 1).astype('float32')

    return features, labels


def augmentData(features, labels):
    features = np.append(features, features[:, :, ::-1], axis=0)
    labels = np.append(labels, -labels, axis=0)
    return features, labels


def prepress_labels(labels):
    labels = to_categorical(labels)
    return labels


def main():
    features, labels = loadFromPickle()
    # features, labels = augmentData(features, labels)
    features, labels = shuffle(features, labels)
    labels=prepress_labels(labels)
    train_x, test_x, train_y, test_y = train_test_split(features, labels, random_state=0,
                                                        test_size=0.1)
    train_x = train_x.reshape(train_x.shape[0], 28, 28, 1)
    test_x = test_x.reshape(test_x.shape[0], 28, 28, 1)
    model, callbacks_list = keras_model(28,28)
    model.summary()
    model.fit(train_x, train_y, validation_data=(test_x, test_y), epochs=3, batch_size=64)
    model.save('QuickDraw.keras')


main()
