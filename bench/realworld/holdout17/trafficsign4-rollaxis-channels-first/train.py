import numpy as np
import os
import glob
import h5py
import tempfile

import tensorflow as tf
from keras.models import Sequential
from keras.layers import Dense, Dropout, Flatten
from keras.layers import Conv2D
from keras.layers import MaxPooling2D

from keras.optimizers import SGD
from keras.callbacks import LearningRateScheduler, ModelCheckpoint

NUM_CLASSES = 43
IMG_SIZE = 48

np.random.seed(0)
workdir = tempfile.mkdtemp()


# stand-ins for the skimage functions the notebook uses (skimage is not installed here)
class color:
    @staticmethod
    def rgb2hsv(img):
        return tf.image.rgb_to_hsv(np.asarray(img, dtype='float32')).numpy()

    @staticmethod
    def hsv2rgb(img):
        return tf.image.hsv_to_rgb(np.asarray(img, dtype='float32')).numpy()


class exposure:
    @staticmethod
    def equalize_hist(channel, nbins=256):
        hist, edges = np.histogram(channel.ravel(), bins=nbins)
        cdf = hist.cumsum() / float(hist.sum())
        centers = (edges[:-1] + edges[1:]) / 2
        return np.interp(channel.ravel(), centers, cdf).reshape(channel.shape)


class transform:
    @staticmethod
    def resize(img, size):
        return tf.image.resize(np.asarray(img, dtype='float32'), size).numpy()


class io:
    @staticmethod
    def imread(path):
        with open(path, 'rb') as f:
            data = f.read()
        end = data.index(b'\n') + 1
        magic, w, h, maxval = data[:end].split()
        return np.frombuffer(data[end:], dtype=np.uint8).reshape(int(h), int(w), 3) / 255.0


# synthetic GTSRB-like training folder: one sub-folder per class, .ppm images of varying sizes
for c in range(NUM_CLASSES):
    class_dir = os.path.join(workdir, 'GTSRB/Final_Training/Images', '%05d' % c)
    os.makedirs(class_dir)
    for k in range(4):
        h, w = np.random.randint(40, 60, size=2)
        pixels = np.random.randint(0, 256, size=(h, w, 3), dtype=np.uint8)
        with open(os.path.join(class_dir, '%05d_%05d.ppm' % (k, 0)), 'wb') as f:
            f.write(b'P6 %d %d 255\n' % (w, h) + pixels.tobytes())


def preprocess_img(img):
    # Histogram normalization in y
    hsv = color.rgb2hsv(img)
    hsv[:,:,2] = exposure.equalize_hist(hsv[:,:,2])
    img = color.hsv2rgb(hsv)

    # central scrop
    min_side = min(img.shape[:-1])
    centre = img.shape[0]//2, img.shape[1]//2
    img = img[centre[0]-min_side//2:centre[0]+min_side//2,
              centre[1]-min_side//2:centre[1]+min_side//2,
              :]

    # rescale to standard size
    img = transform.resize(img, (IMG_SIZE, IMG_SIZE))

    # roll color axis to axis 0
    img = np.rollaxis(img,-1)

    return img


def get_class(img_path):
    return int(img_path.split('/')[-2])


try:
    with  h5py.File(os.path.join(workdir, 'X.h5')) as hf:
        X, Y = hf['imgs'][:], hf['labels'][:]
    print("Loaded images from X.h5")

except (IOError,OSError, KeyError):
    print("Error in reading X.h5. Processing all images...")
    root_dir = os.path.join(workdir, 'GTSRB/Final_Training/Images/')
    imgs = []
    labels = []

    all_img_paths = glob.glob(os.path.join(root_dir, '*/*.ppm'))
    np.random.shuffle(all_img_paths)
    for img_path in all_img_paths:
        try:
            img = preprocess_img(io.imread(img_path))
            label = get_class(img_path)
            imgs.append(img)
            labels.append(label)

            if len(imgs)%1000 == 0: print("Processed {}/{}".format(len(imgs), len(all_img_paths)))
        except (IOError, OSError):
            print('missed', img_path)
            pass

    X = np.array(imgs, dtype='float32')
    Y = np.eye(NUM_CLASSES, dtype='uint8')[labels]

    with h5py.File(os.path.join(workdir, 'X.h5'),'w') as hf:
        hf.create_dataset('imgs', data=X)
        hf.create_dataset('labels', data=Y)


def cnn_model():
    model = Sequential()

    model.add(Conv2D(32, (3, 3), padding='same',
                     input_shape=(IMG_SIZE, IMG_SIZE, 3),
                     activation='relu'))
    model.add(Conv2D(32, (3, 3), activation='relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.2))

    model.add(Conv2D(64, (3, 3), padding='same',
                     activation='relu'))
    model.add(Conv2D(64, (3, 3), activation='relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.2))

    model.add(Conv2D(128, (3, 3), padding='same',
                     activation='relu'))
    model.add(Conv2D(128, (3, 3), activation='relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.2))

    model.add(Flatten())
    model.add(Dense(512, activation='relu'))
    model.add(Dropout(0.5))
    model.add(Dense(NUM_CLASSES, activation='softmax'))
    return model

model = cnn_model()
# let's train the model using SGD + momentum (how original).
lr = 0.01
sgd = SGD(learning_rate=lr, momentum=0.9, nesterov=True)
model.compile(loss='categorical_crossentropy',
          optimizer=sgd,
          metrics=['accuracy'])


def lr_schedule(epoch):
    return lr*(0.1**int(epoch/10))


batch_size = 32
nb_epoch = 2

model.fit(X, Y,
          batch_size=batch_size,
          epochs=nb_epoch,
          validation_split=0.2,
          shuffle=True,
          callbacks=[LearningRateScheduler(lr_schedule),
                    ModelCheckpoint(os.path.join(workdir, 'model.h5'),save_best_only=True)]
            )
