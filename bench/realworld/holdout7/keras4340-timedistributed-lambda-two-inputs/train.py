# Variational autoencoder for sequences: an LSTM encodes each time step, a mean and a
# log-sigma are predicted per time step, a latent code is sampled per time step with the
# reparameterization trick and decoded back to the input features.
import numpy as np
import keras
from keras import layers, ops
from keras.layers import Input, LSTM, Dense, Lambda, TimeDistributed
from keras.models import Model

timesteps = 12
input_dim = 6
latent_dim = 16
encoding_dim = 4
epsilon_std = 1.0

# --- stand-in data: 200 sequences of 12 steps with 6 features ---
rng = np.random.RandomState(0)
x_train = rng.rand(200, timesteps, input_dim).astype('float32')
# --- end of stand-in ---

inputs = Input(shape=(timesteps, input_dim))
encoded = LSTM(latent_dim, return_sequences=True)(inputs)

z_mean = TimeDistributed(Dense(encoding_dim))(encoded)
z_log_sigma = TimeDistributed(Dense(encoding_dim))(encoded)


def sampling(args):
    z_mean, z_log_sigma = args
    epsilon = keras.random.normal(shape=ops.shape(z_mean), mean=0., stddev=epsilon_std)
    return z_mean + ops.exp(z_log_sigma) * epsilon


z = TimeDistributed(Lambda(sampling, output_shape=(encoding_dim,)))([z_mean, z_log_sigma])

decoded = LSTM(latent_dim, return_sequences=True)(z)
decoded = TimeDistributed(Dense(input_dim))(decoded)

vae = Model(inputs, decoded)
vae.compile(optimizer='rmsprop', loss='mse')
vae.fit(x_train, x_train, epochs=3, batch_size=32)
