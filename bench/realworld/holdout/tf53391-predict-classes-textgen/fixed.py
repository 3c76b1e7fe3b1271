import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import LSTM, Bidirectional, Dense, Embedding
from tensorflow.keras.models import Sequential
from tensorflow.keras.utils import pad_sequences, to_categorical

data = ("in the town of athy one jeremy lanigan battered away til he hadnt a pound "
        "his father died and made him a man again left him a farm and ten acres of ground")
corpus = data.lower().split("\n")
words = sorted(set(data.split()))
word_index = {w: i + 1 for i, w in enumerate(words)}
total_words = len(word_index) + 1

input_sequences = []
for line in corpus:
    token_list = [word_index[w] for w in line.split()]
    for i in range(1, len(token_list)):
        input_sequences.append(token_list[:i + 1])
max_sequence_len = max(len(x) for x in input_sequences)
input_sequences = np.array(pad_sequences(input_sequences, maxlen=max_sequence_len, padding="pre"))
xs, labels = input_sequences[:, :-1], input_sequences[:, -1]
ys = to_categorical(labels, num_classes=total_words)

model = Sequential()
model.add(Embedding(total_words, 16))
model.add(Bidirectional(LSTM(20)))
model.add(Dense(total_words, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(xs, ys, epochs=5, verbose=1)

seed_text = "I've got a bad feeling about this"
next_words = 10
for _ in range(next_words):
    token_list = [word_index.get(w, 0) for w in seed_text.lower().split()]
    token_list = pad_sequences([token_list], maxlen=max_sequence_len - 1, padding="pre")
    predicted = np.argmax(model.predict(token_list, verbose=0), axis=-1)
    output_word = ""
    for word, index in word_index.items():
        if index == predicted:
            output_word = word
            break
    seed_text += " " + output_word
print(seed_text)
