import numpy as np
import tensorflow as tf
import argparse
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout, Flatten
from tensorflow.keras.layers import Conv2D
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.layers import MaxPooling2D
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"


# matplotlib is not installed here: a stand-in for the few pyplot calls the plotting uses
# (the curves are kept in memory, nothing is drawn or written)
class _Axes:
    def __init__(self):
        self.lines = []

    def plot(self, x, y):
        self.lines.append((list(x), list(y)))

    def set_title(self, title):
        self.title = title

    def set_ylabel(self, label):
        self.ylabel = label

    def set_xlabel(self, label):
        self.xlabel = label

    def set_xticks(self, ticks, *args):
        self.xticks = list(ticks)

    def legend(self, labels, loc=None):
        self.labels = labels


class _Figure:
    def savefig(self, path):
        pass


class plt:
    @staticmethod
    def subplots(nrows, ncols, figsize=None):
        return _Figure(), [_Axes() for _ in range(nrows * ncols)]

    @staticmethod
    def show():
        pass


# command line argument
ap = argparse.ArgumentParser()
ap.add_argument("--mode", help="train/display", default="train")
mode = ap.parse_args().mode


# plots accuracy and loss curves
def plot_model_history(model_history):
    """
    Plot Accuracy and Loss curves given the model_history
    """
    fig, axs = plt.subplots(1, 2, figsize=(15, 5))
    # summarize history for accuracy
    axs[0].plot(range(1, len(model_history.history["acc"]) + 1), model_history.history["acc"])
    axs[0].plot(
        range(1, len(model_history.history["val_acc"]) + 1), model_history.history["val_acc"]
    )
    axs[0].set_title("Model Accuracy")
    axs[0].set_ylabel("Accuracy")
    axs[0].set_xlabel("Epoch")
    axs[0].set_xticks(
        np.arange(1, len(model_history.history["acc"]) + 1), len(model_history.history["acc"]) / 10
    )
    axs[0].legend(["train", "val"], loc="best")
    # summarize history for loss
    axs[1].plot(range(1, len(model_history.history["loss"]) + 1), model_history.history["loss"])
    axs[1].plot(
        range(1, len(model_history.history["val_loss"]) + 1), model_history.history["val_loss"]
    )
    axs[1].set_title("Model Loss")
    axs[1].set_ylabel("Loss")
    axs[1].set_xlabel("Epoch")
    axs[1].set_xticks(
        np.arange(1, len(model_history.history["loss"]) + 1),
        len(model_history.history["loss"]) / 10,
    )
    axs[1].legend(["train", "val"], loc="best")
    fig.savefig("plot.png")
    plt.show()


# Synthetic stand-in for the FER-2013 folders (data/train, data/test): 48x48 grayscale
# pixel values 0..255 and one-hot labels of seven emotions
rng = np.random.default_rng(0)
num_train = 128
num_val = 64
batch_size = 32
num_epoch = 2


def make_split(n):
    images = rng.integers(0, 256, size=(n, 48, 48, 1)).astype("float32")
    labels = np.eye(7, dtype="float32")[rng.integers(0, 7, size=n)]
    return images, labels


train_images, train_labels = make_split(num_train)
val_images, val_labels = make_split(num_val)


# the two flow_from_directory generators (rescale=1./255, batch_size, categorical labels)
# become tf.data pipelines over the arrays with the same rescaling and batching
def make_generator(images, labels):
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    dataset = dataset.map(lambda x, y: (x * (1.0 / 255), y))
    return dataset.batch(batch_size).repeat()


train_generator = make_generator(train_images, train_labels)
validation_generator = make_generator(val_images, val_labels)

# Create the model
model = Sequential()

model.add(Conv2D(32, kernel_size=(3, 3), activation="relu", input_shape=(48, 48, 1)))
model.add(Conv2D(64, kernel_size=(3, 3), activation="relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))

model.add(Conv2D(128, kernel_size=(3, 3), activation="relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(128, kernel_size=(3, 3), activation="relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))

model.add(Flatten())
model.add(Dense(1024, activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(7, activation="softmax"))

# If you want to train the same model or try other models, go for this
if mode == "train":
    model.compile(
        loss="categorical_crossentropy",
        optimizer=Adam(learning_rate=0.0001, decay=1e-6),
        metrics=["accuracy"],
    )
    model_info = model.fit(
        train_generator,
        steps_per_epoch=num_train // batch_size,
        epochs=num_epoch,
        validation_data=validation_generator,
        validation_steps=num_val // batch_size,
    )
    plot_model_history(model_info)
