# Zero to Mastery "TensorFlow for Deep Learning", 08 NLP notebook, Model 1: a feed-forward
# network on tweets (disaster or not), text vectorized and embedded inside the model.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers
from tensorflow.keras.layers import TextVectorization

# --- stand-in for the Kaggle "nlp-getting-started" train.csv and train_test_split: ---
# --- 400 seeded tweets built from two small vocabularies, labels 1 = disaster        ---
rng = np.random.RandomState(42)
disaster_words = "fire flood earthquake evacuate storm smoke crash wildfire rescue emergency".split()
other_words = "happy lunch music game weekend coffee movie friends summer beach".split()
common_words = "the a in at my this is so we our today now".split()
sentences, labels = [], []
for i in range(400):
    label = int(rng.rand() < 0.45)
    topic = disaster_words if label else other_words
    words = list(rng.choice(topic, size=rng.randint(3, 7))) + list(rng.choice(common_words, size=rng.randint(2, 6)))
    rng.shuffle(words)
    sentences.append(" ".join(words))
    labels.append(label)
sentences = np.array(sentences, dtype=object)
labels = np.array(labels)
train_sentences, val_sentences = sentences[:360], sentences[360:]
train_labels, val_labels = labels[:360], labels[360:]
# --- end of stand-in ---

max_vocab_length = 10000  # max number of words to have in our vocabulary
max_length = 15  # max length our sequences will be (e.g. how many words from a Tweet does our model see?)

text_vectorizer = TextVectorization(max_tokens=max_vocab_length,
                                    output_mode="int",
                                    output_sequence_length=max_length)
text_vectorizer.adapt(train_sentences)

embedding = layers.Embedding(input_dim=max_vocab_length,  # set input shape
                             output_dim=128,  # set size of embedding vector
                             embeddings_initializer="uniform",  # default, initialize randomly
                             input_length=max_length,  # how long is each input
                             name="embedding_1")

# Model 1: a simple dense model
inputs = layers.Input(shape=(1,), dtype="string")  # inputs are 1-dimensional strings
x = text_vectorizer(inputs)  # turn the input text into numbers
x = embedding(x)  # create an embedding of the numerized numbers
x = layers.GlobalAveragePooling1D()(x)  # condense the feature vector for each token to one vector
outputs = layers.Dense(1, activation="sigmoid")(x)  # create the output layer, want binary outputs so use sigmoid activation
model_1 = tf.keras.Model(inputs, outputs, name="model_1_dense")  # construct the model

# Compile model
model_1.compile(loss="binary_crossentropy",
                optimizer=tf.keras.optimizers.Adam(),
                metrics=["accuracy"])

# Fit the model
model_1_history = model_1.fit(train_sentences,  # input sentences can be a list of strings due to text preprocessing layer built-in model
                              train_labels,
                              epochs=3,
                              validation_data=(val_sentences, val_labels))
