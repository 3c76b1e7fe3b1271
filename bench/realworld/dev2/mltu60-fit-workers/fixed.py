import numpy as np
from keras import layers
from keras.callbacks import EarlyStopping, ReduceLROnPlateau
from keras.models import Model
from keras.utils import PyDataset


class configs:
    height, width = 50, 200
    vocab = "0123456789"
    batch_size = 32
    learning_rate = 1e-3
    train_epochs = 3
    train_workers = 4


class DataProvider(PyDataset):
    """Captcha images with the first character's class (the tutorial reads image files)."""

    def __init__(self, n, batch_size):
        super().__init__()
        self.x = np.random.rand(n, configs.height, configs.width, 3).astype("float32")
        self.y = np.random.randint(0, len(configs.vocab), n)
        self.batch_size = batch_size

    def __len__(self):
        return int(np.ceil(len(self.x) / self.batch_size))

    def __getitem__(self, idx):
        s = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        return self.x[s], self.y[s]


train_data_provider = DataProvider(256, configs.batch_size)
val_data_provider = DataProvider(64, configs.batch_size)

inputs = layers.Input(shape=(configs.height, configs.width, 3), name="input")
x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
x = layers.MaxPooling2D(4)(x)
x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
x = layers.GlobalAveragePooling2D()(x)
output = layers.Dense(len(configs.vocab), activation="softmax", name="output")(x)
model = Model(inputs=inputs, outputs=output)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

earlystopper = EarlyStopping(monitor="val_loss", patience=20, verbose=1)
reduceLROnPlat = ReduceLROnPlateau(monitor="val_loss", factor=0.9, min_delta=1e-10, patience=5, verbose=1, mode="auto")

model.fit(
    train_data_provider,
    validation_data=val_data_provider,
    epochs=configs.train_epochs,
    callbacks=[earlystopper, reduceLROnPlat],
)
