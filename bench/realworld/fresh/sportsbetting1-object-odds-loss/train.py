import numpy as np
from keras import ops
from keras.callbacks import EarlyStopping
from keras.layers import Dense, Dropout, Input
from keras.models import Sequential


def odds_loss(y_true, y_pred):
    win_home_team = y_true[:, 0:1]
    win_away = y_true[:, 1:2]
    no_bet = y_true[:, 2:3]
    odds_a = y_true[:, 3:4]
    odds_b = y_true[:, 4:5]
    gain_loss_vector = ops.concatenate([win_home_team * (odds_a - 1) + (1 - win_home_team) * -1,
                                        win_away * (odds_b - 1) + (1 - win_away) * -1,
                                        ops.zeros_like(odds_a)], axis=1)
    return -1 * ops.mean(ops.sum(gain_loss_vector * y_pred, axis=1))


rng = np.random.default_rng(4)
n = 240
table = np.empty((n, 9), dtype=object)  # rows read from the match sheet: mixed ints, floats
table[:, :4] = rng.random((n, 4))
home_win = rng.integers(0, 2, n)
table[:, 4] = home_win
table[:, 5] = 1 - home_win
table[:, 6] = 0
table[:, 7] = 1.5 + rng.random(n)
table[:, 8] = 1.5 + rng.random(n)

train_x, test_x = table[:200, :4], table[200:, :4]
train_y, test_y = table[:200, 4:], table[200:, 4:]

model = Sequential([
    Input(shape=(4,)),
    Dense(32, activation="relu"),
    Dropout(0.2),
    Dense(3, activation="softmax"),
])
model.compile(optimizer="nadam", loss=odds_loss)
history = model.fit(train_x, train_y, validation_data=(test_x, test_y),
                    epochs=3, batch_size=5, callbacks=[EarlyStopping(patience=25)])
