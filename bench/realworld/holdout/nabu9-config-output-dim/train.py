import numpy as np
import tensorflow as tf

# recipe configuration, as read from the model .cfg file
conf = {
    "model": {"num_layers": 2, "num_units": 64, "output_dim": 39},
    "trainer": {"batch_size": 16, "num_epochs": 2, "learning_rate": 1e-3},
}

# phone alphabet of the corpus: 40 symbols, every frame labelled with one of them
alphabet = [f"ph{i}" for i in range(40)]
features = np.random.rand(320, 50, 13).astype("float32")  # 50 frames of 13 MFCCs
targets = np.random.randint(0, len(alphabet), size=(320, 50))
targets[0, 0] = len(alphabet) - 1


def build_model(model_conf):
    inputs = tf.keras.Input(shape=(None, 13))
    x = inputs
    for _ in range(model_conf["num_layers"]):
        x = tf.keras.layers.LSTM(model_conf["num_units"], return_sequences=True)(x)
    outputs = tf.keras.layers.Dense(model_conf["output_dim"], activation="softmax")(x)
    return tf.keras.Model(inputs, outputs)


model = build_model(conf["model"])
model.compile(optimizer=tf.keras.optimizers.Adam(conf["trainer"]["learning_rate"]),
              loss="sparse_categorical_crossentropy")
model.fit(features, targets, batch_size=conf["trainer"]["batch_size"],
          epochs=conf["trainer"]["num_epochs"])
