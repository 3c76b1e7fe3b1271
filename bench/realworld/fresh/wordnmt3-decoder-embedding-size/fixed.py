import numpy as np
from keras.layers import LSTM, Dense, Embedding, Input
from keras.models import Model

rng = np.random.default_rng(1)
eng_words = ["w%d" % i for i in range(60)]
mar_words = ["m%d" % i for i in range(80)]
max_length_src, max_length_tar = 8, 9

num_encoder_tokens = len(eng_words)
num_decoder_tokens = len(mar_words)
num_decoder_tokens += 1  # for zero padding

input_token_index = dict([(word, i + 1) for i, word in enumerate(eng_words)])
target_token_index = dict([(word, i + 1) for i, word in enumerate(mar_words)])

n = 256
encoder_input_data = rng.integers(1, num_encoder_tokens + 1, (n, max_length_src))
target_ids = rng.integers(1, num_decoder_tokens, (n, max_length_tar))
decoder_input_data = target_ids[:, :-1]
decoder_target_data = np.eye(num_decoder_tokens, dtype="float32")[target_ids[:, 1:]]

latent_dim = 32
# Encoder
encoder_inputs = Input(shape=(None,))
enc_emb = Embedding(num_encoder_tokens + 1, latent_dim, mask_zero=True)(encoder_inputs)
encoder_lstm = LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder_lstm(enc_emb)
encoder_states = [state_h, state_c]

# Set up the decoder, using `encoder_states` as initial state.
decoder_inputs = Input(shape=(None,))
dec_emb_layer = Embedding(num_decoder_tokens + 1, latent_dim, mask_zero=True)
dec_emb = dec_emb_layer(decoder_inputs)
decoder_lstm = LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(dec_emb, initial_state=encoder_states)
decoder_dense = Dense(num_decoder_tokens, activation="softmax")
decoder_outputs = decoder_dense(decoder_outputs)

model = Model([encoder_inputs, decoder_inputs], decoder_outputs)
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["acc"])
model.fit([encoder_input_data, decoder_input_data], decoder_target_data, batch_size=128, epochs=2)
