# BBC news articles classified into five categories (sport, business, politics, tech,
# entertainment) with an embedding + global average pooling model.
import numpy as np
import tensorflow as tf

vocab_size = 1000
embedding_dim = 16
max_length = 120
num_epochs = 3

# --- stand-ins for the notebook's text pipeline (Keras 3 has no keras.preprocessing.text):
# padded word-id sequences as Tokenizer + pad_sequences give them, and the label ids that
# label_tokenizer.texts_to_sequences gives (its word_index starts at 1) ---
rng = np.random.RandomState(0)
categories = ['sport', 'business', 'politics', 'tech', 'entertainment']
label_word_index = {'sport': 1, 'business': 2, 'politics': 3, 'tech': 4, 'entertainment': 5}
train_labels = [categories[i] for i in rng.randint(0, 5, 400)]
validation_labels = [categories[i] for i in rng.randint(0, 5, 100)]
train_padded = rng.randint(1, vocab_size, (400, max_length))
validation_padded = rng.randint(1, vocab_size, (100, max_length))


def texts_to_sequences(labels):
    return [[label_word_index[label]] for label in labels]
# --- end of stand-ins ---

print(label_word_index)

training_label_seq = np.array(texts_to_sequences(train_labels)) - 1
validation_label_seq = np.array(texts_to_sequences(validation_labels)) - 1

model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size, embedding_dim),
    tf.keras.layers.GlobalAveragePooling1D(),
    tf.keras.layers.Dense(24, activation='relu'),
    tf.keras.layers.Dense(5, activation='softmax')
])
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])

history = model.fit(train_padded, training_label_seq, epochs=num_epochs,
                    validation_data=(validation_padded, validation_label_seq), verbose=2)
