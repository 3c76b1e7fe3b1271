import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Input, Embedding, LSTM, Dense, Dropout
from tensorflow.keras.models import Model

# texts as word ids from a tokenizer's word_index (ids start at 1), padded to 150 (synthetic)
maxlen = 150
word_index = {f"w{i}": i for i in range(1, 3001)}
vocab_size = len(word_index)
x_train = np.random.randint(0, vocab_size + 1, (320, maxlen))
y_train = np.random.randint(0, 2, 320)

inp = Input(shape=(maxlen,))
x = Embedding(input_dim=vocab_size + 1, output_dim=64)(inp)
x = LSTM(32)(x)
x = Dropout(0.2)(x)
out = Dense(1, activation="sigmoid")(x)
model = Model(inp, out)
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=40, epochs=2, validation_split=0.1)
