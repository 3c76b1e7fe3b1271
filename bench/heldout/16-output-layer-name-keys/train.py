"""Movie model with two heads: a star rating (regression) and a genre (classification)."""

import numpy as np
import tensorflow as tf

EMB = 24
GENRES = 6

plot_vecs = np.random.normal(size=(200, EMB)).astype("float32")
stars = np.random.uniform(1, 5, size=(200, 1)).astype("float32")
genre = np.random.randint(0, GENRES, size=(200,))

feat_in = tf.keras.Input(shape=(EMB,), name="plot_embedding")
shared = tf.keras.layers.Dense(32, activation="relu")(feat_in)
rating_head = tf.keras.layers.Dense(1, name="rating")(shared)
genre_head = tf.keras.layers.Dense(GENRES, activation="softmax", name="genre")(shared)
movie_net = tf.keras.Model(feat_in, {"rating": rating_head, "genre": genre_head})

movie_net.compile(
    optimizer="adam",
    loss={"stars": "mse", "genre_probs": "sparse_categorical_crossentropy"},
    metrics={"genre_probs": ["accuracy"]},
)
movie_net.fit(plot_vecs, {"rating": stars, "genre": genre}, epochs=2, batch_size=25)
