import numpy as np
from keras import optimizers
from keras.layers import Conv1D, Dense, Input, Lambda
from keras.models import Model


def data_generator(n, seq_length):
    """Adding problem: sum the two marked values of a random sequence."""
    x_num = np.random.uniform(0, 1, (n, 1, seq_length))
    x_mask = np.zeros([n, 1, seq_length])
    y = np.zeros([n, 1])
    for i in range(n):
        positions = np.random.choice(seq_length, size=2, replace=False)
        x_mask[i, 0, positions[0]] = 1
        x_mask[i, 0, positions[1]] = 1
        y[i, 0] = x_num[i, 0, positions[0]] + x_num[i, 0, positions[1]]
    x = np.concatenate((x_num, x_mask)).reshape(n, seq_length, 2)
    return x, y


def get_opt(lr=0.002):
    return optimizers.Adam(lr=lr, clipnorm=1.)


x_train, y_train = data_generator(n=400, seq_length=60)

# a small dilated causal stack in place of the TCN layer
i = Input(shape=(60, 2))
h = i
for d in (1, 2, 4, 8):
    h = Conv1D(16, 2, padding="causal", dilation_rate=d, activation="relu")(h)
h = Lambda(lambda t: t[:, -1, :])(h)
o = Dense(1)(h)
model = Model(inputs=[i], outputs=[o])
model.compile(optimizer=get_opt(), loss="mse")
model.fit(x_train, y_train, validation_split=0.2, epochs=3, batch_size=32)
