import numpy as np
from keras.layers import Dense, Input, Flatten, Dropout, Concatenate
from keras.layers import Conv1D, MaxPooling1D, Embedding
from keras.models import Model
from keras.initializers import Constant

# tokenized tweets padded to 35 ids, word2vec embeddings (synthetic)
MAX_SEQUENCE_LENGTH = 35
EMBEDDING_DIM = 300
num_words = 2000
embeddings = np.random.rand(num_words, EMBEDDING_DIM).astype("float32")
x_train = np.random.randint(1, num_words, (400, MAX_SEQUENCE_LENGTH))
y_train = np.eye(2)[np.random.randint(0, 2, 400)]


def ConvNet(embeddings, max_sequence_length, num_words, embedding_dim, labels_index,
            trainable=False, extra_conv=True):
    embedding_layer = Embedding(num_words, embedding_dim,
                                embeddings_initializer=Constant(embeddings),
                                trainable=trainable)
    sequence_input = Input(shape=(max_sequence_length,), dtype="int32")
    embedded_sequences = embedding_layer(sequence_input)

    # Yoon Kim model (https://arxiv.org/abs/1408.5882)
    convs = []
    filter_sizes = [3, 4, 5]
    for filter_size in filter_sizes:
        l_conv = Conv1D(filters=128, kernel_size=filter_size, activation="relu")(embedded_sequences)
        l_pool = MaxPooling1D(pool_size=3)(l_conv)
        convs.append(l_pool)
    l_merge = Concatenate(axis=1)(convs)

    # add a 1D convnet with global maxpooling, instead of Yoon Kim model
    conv = Conv1D(filters=128, kernel_size=3, activation="relu")(embedded_sequences)
    pool = MaxPooling1D(pool_size=3)(conv)

    if extra_conv:
        x = Dropout(0.5)(l_merge)
    else:
        x = Dropout(0.5)(pool)
    x = Flatten()(x)
    x = Dense(128, activation="relu")(x)
    preds = Dense(labels_index, activation="softmax")(x)

    model = Model(sequence_input, preds)
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["acc"])
    return model


model = ConvNet(embeddings, MAX_SEQUENCE_LENGTH, num_words, EMBEDDING_DIM, 2, False)
model.fit(x_train, y_train, validation_split=0.1, epochs=3, batch_size=128)
