import numpy as np
from keras.layers import Activation, Concatenate, Dense, Flatten, Input
from keras.models import Model

# Pendulum-v0: one action, a 3-value observation (the environment is replaced by random
# transitions; the agent's L network is trained directly on them)
nb_actions = 1
observation_shape = (3,)

action_input = Input(shape=(nb_actions,), name="action_input")
observation_input = Input(shape=(1,) + observation_shape, name="observation_input")
x = Concatenate()([action_input, Flatten()(observation_input)])
x = Dense(32)(x)
x = Activation("relu")(x)
x = Dense(32)(x)
x = Activation("relu")(x)
x = Dense(32)(x)
x = Activation("relu")(x)
x = Dense(((nb_actions * nb_actions + nb_actions) / 2))(x)
x = Activation("linear")(x)
L_model = Model(inputs=[action_input, observation_input], outputs=x)
print(L_model.summary())

actions = np.random.uniform(-2, 2, (256, nb_actions)).astype("float32")
observations = np.random.randn(256, 1, *observation_shape).astype("float32")
targets = np.random.randn(256, (nb_actions * nb_actions + nb_actions) // 2).astype("float32")
L_model.compile(optimizer="adam", loss="mse")
L_model.fit([actions, observations], targets, epochs=3, batch_size=32)
