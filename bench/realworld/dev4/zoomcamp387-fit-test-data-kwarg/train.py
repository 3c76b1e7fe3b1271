import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.optimizers import SGD


class ImageDataGenerator:
    '''stand-in for keras.preprocessing.image.ImageDataGenerator (gone from Keras 3) with
    flow_from_directory over the dino/dragon folders: random 150x150 RGB images, two classes'''

    def __init__(self, rescale=None):
        self.rescale = rescale

    def flow_from_directory(self, directory, target_size=(150, 150), batch_size=20,
                            class_mode='binary', shuffle=True):
        return _DirectoryIterator(40 if directory.endswith('train') else 20, target_size,
                                  batch_size, self.rescale)


class _DirectoryIterator(keras.utils.PyDataset):
    def __init__(self, n, target_size, batch_size, rescale):
        super().__init__()
        self.x = np.random.randint(0, 256, (n,) + target_size + (3,)).astype('float32')
        self.y = np.random.randint(0, 2, n).astype('float32')
        self.batch_size, self.rescale = batch_size, rescale

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, i):
        s = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[s] * self.rescale, self.y[s]


model = keras.Sequential([
    keras.Input(shape=(150, 150, 3)),
    layers.Conv2D(32, (3, 3), activation='relu'),
    layers.MaxPooling2D((2, 2)),
    layers.Flatten(),
    layers.Dense(64, activation='relu'),
    layers.Dense(1, activation='sigmoid'),
])

model.compile(optimizer=SGD(learning_rate=0.002, momentum=0.8),
              loss='binary_crossentropy',
              metrics=['accuracy'])
model.summary()

train_gen = ImageDataGenerator(rescale=1./255)
train_generator = train_gen.flow_from_directory(
    './train',
    target_size=(150, 150),
    batch_size=20,
    class_mode='binary',
    shuffle=True
)

test_gen = ImageDataGenerator(rescale=1./255)
test_generator = test_gen.flow_from_directory(
    './test',
    target_size=(150, 150),
    batch_size=20,
    class_mode='binary',
    shuffle=True
)

model.fit(
    train_generator,
    epochs=2,
    test_data=test_generator
)
