import numpy as np
from keras.layers import Dense, Dot, Embedding, Flatten, Input
from keras.models import Model

# goodbooks-style ratings: user ids 1..n_users, book ids 1..n_books
n_users, n_books = 30, 40
rng = np.random.default_rng(3)
user_id = rng.integers(1, n_users + 1, 5000)
book_id = rng.integers(1, n_books + 1, 5000)
user_id[0], book_id[0] = n_users, n_books
rating = rng.integers(1, 6, 5000).astype("float32")

book_input = Input(shape=[1], name="Book-Input")
book_embedding = Embedding(n_books + 1, 5, name="Book-Embedding")(book_input)
book_vec = Flatten(name="Flatten-Books")(book_embedding)

user_input = Input(shape=[1], name="User-Input")
user_embedding = Embedding(n_users + 1, 5, name="User-Embedding")(user_input)
user_vec = Flatten(name="Flatten-Users")(user_embedding)

prod = Dot(name="Dot-Product", axes=1)([book_vec, user_vec])
model = Model([user_input, book_input], prod)
model.compile("adam", "mean_squared_error")
history = model.fit([user_id, book_id], rating, epochs=2, batch_size=64, verbose=1)
