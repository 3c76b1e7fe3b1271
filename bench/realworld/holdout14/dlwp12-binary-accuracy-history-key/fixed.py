import keras
import numpy as np

print(keras.__version__)

# The IMDB download (imdb.load_data(num_words=10000)) is replaced by seeded reviews: lists of
# word indices below 10000, labelled positive when they use more "positive" words (indices
# 1000..1999) than "negative" ones (2000..2999)
rng = np.random.default_rng(0)


def load_data(num_words=10000, n_train=600, n_test=200):
    def make(n):
        sequences, labels = [], []
        for _ in range(n):
            length = int(rng.integers(20, 80))
            sequence = [1] + [int(i) for i in rng.integers(4, num_words, size=length)]
            sequences.append(sequence)
            pos = sum(1000 <= i < 2000 for i in sequence)
            neg = sum(2000 <= i < 3000 for i in sequence)
            labels.append(int(pos > neg))
        return sequences, np.array(labels)

    return make(n_train), make(n_test)


(train_data, train_labels), (test_data, test_labels) = load_data(num_words=10000)

max([max(sequence) for sequence in train_data])


def vectorize_sequences(sequences, dimension=10000):
    # Create an all-zero matrix of shape (len(sequences), dimension)
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0  # set specific indices of results[i] to 1s
    return results


# Our vectorized training data
x_train = vectorize_sequences(train_data)
# Our vectorized test data
x_test = vectorize_sequences(test_data)

# Our vectorized labels
y_train = np.asarray(train_labels).astype("float32")
y_test = np.asarray(test_labels).astype("float32")

from keras import models
from keras import layers

model = models.Sequential()
model.add(layers.Dense(16, activation="relu", input_shape=(10000,)))
model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))

model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])

from keras import optimizers

model.compile(
    optimizer=optimizers.RMSprop(learning_rate=0.001),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)

from keras import losses
from keras import metrics

model.compile(
    optimizer=optimizers.RMSprop(learning_rate=0.001),
    loss=losses.binary_crossentropy,
    metrics=[metrics.binary_accuracy],
)

x_val = x_train[:200]
partial_x_train = x_train[200:]

y_val = y_train[:200]
partial_y_train = y_train[200:]

model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["acc"])

history = model.fit(
    partial_x_train, partial_y_train, epochs=20, batch_size=512, validation_data=(x_val, y_val)
)

history_dict = history.history
print(history_dict.keys())


# matplotlib is not installed here: a stand-in for the pyplot calls of the plotting cells
# (the curves are kept in memory, nothing is drawn)
class plt:
    curves = []

    @staticmethod
    def plot(x, y, style, label=None):
        plt.curves.append((list(x), list(y), style, label))

    @staticmethod
    def title(text):
        pass

    @staticmethod
    def xlabel(text):
        pass

    @staticmethod
    def ylabel(text):
        pass

    @staticmethod
    def legend():
        pass

    @staticmethod
    def show():
        pass

    @staticmethod
    def clf():
        plt.curves = []


acc = history.history["acc"]
val_acc = history.history["val_acc"]
loss = history.history["loss"]
val_loss = history.history["val_loss"]

epochs = range(1, len(acc) + 1)

# "bo" is for "blue dot"
plt.plot(epochs, loss, "bo", label="Training loss")
# b is for "solid blue line"
plt.plot(epochs, val_loss, "b", label="Validation loss")
plt.title("Training and validation loss")
plt.xlabel("Epochs")
plt.ylabel("Loss")
plt.legend()

plt.show()

plt.clf()  # clear figure
acc_values = history_dict["acc"]
val_acc_values = history_dict["val_acc"]

plt.plot(epochs, acc, "bo", label="Training acc")
plt.plot(epochs, val_acc, "b", label="Validation acc")
plt.title("Training and validation accuracy")
plt.xlabel("Epochs")
plt.ylabel("Loss")
plt.legend()

plt.show()

model = models.Sequential()
model.add(layers.Dense(16, activation="relu", input_shape=(10000,)))
model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))

model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])

model.fit(x_train, y_train, epochs=4, batch_size=512)
results = model.evaluate(x_test, y_test)

print(results)

print(model.predict(x_test))
