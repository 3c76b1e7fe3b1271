"""RNN project, part 2: a character-level LSTM text generator (the larger training run)."""

import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Activation, LSTM

# --- stand-in for the cleaned holmes.txt: 1,100 characters of random words ---
rng = np.random.RandomState(0)
words = ['the', 'holmes', 'watson', 'said', 'and', 'of', 'a', 'to', 'in', 'was']
text = ' '.join(rng.choice(words, 240))[:1100]
# --- end of stand-in ---


# fill out the function below that transforms the input text and window-size into a set of input/output pairs for use with our RNN model
def window_transform_text(text, window_size, step_size):
    # containers for input/output pairs
    inputs = []
    outputs = []
    for i in range(0, len(text) - window_size, step_size):
        inputs.append(text[i:i + window_size])
        outputs.append(text[i + window_size])
    return inputs, outputs


chars = sorted(list(set(text)))
chars_to_indices = dict((c, i) for i, c in enumerate(chars))
indices_to_chars = dict((i, c) for i, c in enumerate(chars))


# transform character-based input/output into equivalent numerical versions
def encode_io_pairs(text, window_size, step_size):
    # number of unique chars
    chars = sorted(list(set(text)))
    num_chars = len(chars)

    # cut up text into character input/output pairs
    inputs, outputs = window_transform_text(text, window_size, step_size)

    # create empty vessels for one-hot encoded input/output
    X = np.zeros((len(inputs), window_size, num_chars), dtype=bool)
    y = np.zeros((len(inputs), num_chars), dtype=bool)

    # loop over inputs/outputs and transform and store in X/y
    for i, sentence in enumerate(inputs):
        for t, char in enumerate(sentence):
            X[i, t, chars_to_indices[char]] = 1
        y[i, chars_to_indices[outputs[i]]] = 1

    return X, y


def build_part2_RNN(window_size, num_chars):
    model = Sequential()
    model.add(LSTM(200, input_shape=(window_size, num_chars)))
    model.add(Dense(num_chars))
    model.add(Activation('softmax'))
    return model


# a larger subset of the text: window 100 and step 5 in the project, smaller here
window_size = 20
step_size = 5
Xlarge, ylarge = encode_io_pairs(text, window_size, step_size)

# initialize optimizer
optimizer = keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-08)

# compile model --> make sure initialized optimizer and callbacks - as defined above - are used
model = build_part2_RNN(window_size, len(chars))
model.compile(loss='categorical_crossentropy', optimizer=optimizer)

# train the model
model.fit(Xlarge, ylarge, batch_size=500, nb_epoch=3, verbose=1)

# generate a short continuation of the first window
x = Xlarge[:1]
generated = ''
for _ in range(20):
    probs = model.predict(x, verbose=0)[0]
    idx = int(np.argmax(probs))
    generated += indices_to_chars[idx]
    step = np.zeros((1, 1, len(chars)), dtype=bool)
    step[0, 0, idx] = 1
    x = np.concatenate([x[:, 1:, :], step], axis=1)
print('generated:', generated)
