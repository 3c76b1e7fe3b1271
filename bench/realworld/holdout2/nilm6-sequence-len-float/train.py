import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class DataGenerator(keras.utils.Sequence):
    def __init__(self, mains, appliance, window_size, batch_size, shuffle=False, **kwargs):
        super().__init__(**kwargs)
        self.mains = mains
        self.appliance = appliance
        self.window_size = window_size
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.indices = np.arange(len(self.mains) - self.window_size)

    def __len__(self):
        return np.ceil(len(self.indices) / self.batch_size)

    def __getitem__(self, idx):
        batch = self.indices[idx * self.batch_size:(idx + 1) * self.batch_size]
        x = np.array([self.mains[i:i + self.window_size] for i in batch])[..., None]
        y = np.array([self.appliance[i + self.window_size // 2] for i in batch])
        return x, y


# aggregate mains power and one appliance's power (synthetic)
mains = np.random.rand(700).astype("float32")
appliance = (mains * np.random.rand(700)).astype("float32")
window_size = 99
train_gen = DataGenerator(mains[:560], appliance[:560], window_size, batch_size=32)
val_gen = DataGenerator(mains[560:], appliance[560:], window_size, batch_size=32)

inputs = keras.Input(shape=(window_size, 1))
x = layers.Conv1D(16, 4, activation="relu", padding="same")(inputs)
x = layers.Bidirectional(layers.LSTM(32, return_sequences=True))(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dense(32, activation="relu")(x)
outputs = layers.Dense(1, activation="linear")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(train_gen, validation_data=val_gen, epochs=2)
