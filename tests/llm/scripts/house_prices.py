# House-price regression on a small tabular table (functional API, everything in main()).
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

N_FEATURES = 8


def main():
    rng = np.random.default_rng(5)
    features = rng.normal(size=(200, N_FEATURES)).astype("float32")
    prices = rng.lognormal(mean=12.0, sigma=0.4, size=(200,))
    features = (features - features.mean(axis=0)) / features.std(axis=0)

    dataset = tf.data.Dataset.from_tensor_slices((features, prices)).batch(16)

    inputs = keras.Input(shape=(N_FEATURES,))
    encoder = layers.Dense(64, activation="relu")
    h = encoder(inputs)
    h = layers.Dense(32, activation="relu")(h)
    h = layers.Dropout(0.1)(h)
    outputs = layers.Dense(1)(h)
    model = keras.Model(inputs, outputs)

    early_stop = keras.callbacks.EarlyStopping(monitor="loss", patience=2)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    model.fit(
        dataset,
        epochs=3,
        callbacks=[early_stop],
    )
    return model


if __name__ == "__main__":
    main()
