import numpy as np
from keras.layers import Dense, Embedding, Flatten, Input, concatenate
from keras.models import Model

num_users, num_items = 60, 80
rng = np.random.default_rng(6)
data_matrix = (rng.random((num_users, num_items)) < 0.1).astype("float32")


def get_model():
    user_input = Input(shape=(1,), dtype="int32", name="user_input")
    item_input = Input(shape=(1,), dtype="int32", name="item_input")
    user_vec = Flatten()(Embedding(num_users, 16)(user_input))
    item_vec = Flatten()(Embedding(num_items, 16)(item_input))
    hidden = Dense(32, activation="relu")(concatenate([user_vec, item_vec]))
    prediction = Dense(1, activation="sigmoid", name="prediction")(hidden)
    return Model(inputs=[user_input, item_input], outputs=prediction)


def evaluate_one_rating(model, user, items):
    items_input = []
    users_input = []
    for item in items:
        items_input.append(data_matrix[:, item])
        users_input.append(data_matrix[user])
    predictions = model.predict([np.array(users_input), np.array(items_input)],
                                batch_size=100 + 1, verbose=0)
    return predictions[:, 0]


users = rng.integers(0, num_users, 480)
items = rng.integers(0, num_items, 480)
labels = data_matrix[users, items]

model = get_model()
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit([users, items], labels, batch_size=64, epochs=2)
scores = evaluate_one_rating(model, 3, list(rng.integers(0, num_items, 101)))
print("top-10 items:", np.argsort(-scores)[:10])
