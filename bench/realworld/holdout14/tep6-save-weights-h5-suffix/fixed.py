import os
import tempfile

import numpy as np
import tensorflow as tf

from datetime import datetime
from tensorflow.keras import layers, initializers


print(f"GPUs Available: {len(tf.config.list_physical_devices('GPU'))}")
print(f"Device name: {tf.test.gpu_device_name()}")


# matplotlib, scikit-learn and tqdm are not installed here: stand-ins for what the notebook
# uses (pyplot axes that keep the curves in memory and draw nothing, KFold without shuffling,
# confusion_matrix and its display, and tqdm as a plain iteration)
class _Axes:
    def __init__(self):
        self.lines = []

    def plot(self, x, y, label=None):
        self.lines.append((list(x), list(y), label))

    def set_ylabel(self, text):
        pass

    def set_xlabel(self, text):
        pass

    def set_title(self, text):
        pass

    def legend(self):
        pass

    def grid(self):
        pass


class plt:
    @staticmethod
    def subplots(nrows, ncols, figsize=None):
        axs = np.empty((nrows, ncols), dtype=object)
        for i in range(nrows):
            for j in range(ncols):
                axs[i, j] = _Axes()
        return None, axs

    @staticmethod
    def tight_layout():
        pass

    @staticmethod
    def show():
        pass


class KFold:
    def __init__(self, n_splits=5):
        self.n_splits = n_splits

    def split(self, X):
        indices = np.arange(len(X))
        for test_index in np.array_split(indices, self.n_splits):
            yield np.setdiff1d(indices, test_index), test_index


def confusion_matrix(y_true, y_pred):
    labels = np.unique(np.concatenate([y_true, y_pred]))
    cm = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred):
        cm[np.searchsorted(labels, t), np.searchsorted(labels, p)] += 1
    return cm


class ConfusionMatrixDisplay:
    def __init__(self, confusion_matrix, display_labels=None):
        self.confusion_matrix = confusion_matrix
        self.display_labels = display_labels

    def plot(self, cmap=None):
        return self


def tqdm(iterable, desc=None):
    return iterable


# Normalised input features
INPUT_SIGNAL_TYPES = [
    "XMV(1)",
    "XMV(2)",
    "XMV(3)",
    "XMV(4)",
    "XMV(5)",
    "XMV(6)",
    "XMV(7)",
    "XMV(8)",
    "XMV(9)",
    "XMV(10)",
    "XMV(11)",
]

# Output classes
LABELS = ["NORMAL ", "FAULT 1", "FAULT 2", "FAULT 3", "FAULT 4", "FAULT 5", "FAULT 7"]

# Input folders paths
DATASET_PATH = tempfile.mkdtemp() + "/tep/input/tep_dataset/"

TRAIN = "train/"
TEST = "test/"

X_train_signals_paths = [DATASET_PATH + TRAIN + signal + ".txt" for signal in INPUT_SIGNAL_TYPES]
X_test_signals_paths = [DATASET_PATH + TEST + signal + ".txt" for signal in INPUT_SIGNAL_TYPES]

y_train_path = DATASET_PATH + TRAIN + "idv.txt"
y_test_path = DATASET_PATH + TEST + "idv.txt"


# The Tennessee Eastman files (one text file per signal, one 128-step window per row, and the
# fault label of each window in idv.txt) are written here from seeded synthetic windows
def write_synthetic_dataset(folder, n_windows, seed):
    rng = np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)
    labels = rng.choice([0, 1, 2, 3, 4, 5, 7], size=n_windows)
    t = np.linspace(0, 1, 128)
    for k, signal in enumerate(INPUT_SIGNAL_TYPES):
        windows = np.sin(2 * np.pi * (1 + labels[:, None] + k) * t[None, :])
        windows += 0.5 * rng.normal(size=(n_windows, 128))
        with open(folder + signal + ".txt", "w") as file:
            file.write("\n".join(" ".join(f"{v:.5f}" for v in row) for row in windows))
    with open(folder + "idv.txt", "w") as file:
        file.write("\n".join(str(label) for label in labels))


write_synthetic_dataset(DATASET_PATH + TRAIN, 60, seed=0)
write_synthetic_dataset(DATASET_PATH + TEST, 40, seed=1)


# Helper functions
def load_X(X_signals_paths):
    # Function returns the input features tensor.
    X_signals = []
    for signal_type_path in X_signals_paths:
        with open(signal_type_path, "r") as file:
            # Read dataset from disk, dealing with text files' syntax
            X_signals.append(
                [np.array(serie, dtype=np.float32) for serie in [row.split(" ") for row in file]]
            )
    return np.transpose(np.array(X_signals), (1, 2, 0))


def load_y(y_path):
    # Function returns the fault labels vector.
    with open(y_path, "r") as file:
        # Read dataset from disk, dealing with text file's syntax
        y_ = np.array([elem for elem in [row.split(" ") for row in file]], dtype=np.int32)
    return y_


def model_size(model):
    return np.sum([np.prod(np.array(var.numpy().shape)) for var in model.trainable_variables])


class StackedLSTM(tf.keras.Model):
    def __init__(self):
        super(StackedLSTM, self).__init__()
        self.dense1 = layers.Dense(
            32,
            activation="relu",
            kernel_initializer=initializers.RandomNormal(stddev=1.0),
            bias_initializer=initializers.RandomNormal(stddev=1.0),
        )
        self.dense2 = layers.Dense(
            8,
            kernel_initializer=initializers.RandomNormal(mean=1.0, stddev=1.0),
            bias_initializer=initializers.RandomNormal(stddev=1.0),
        )
        self.lstm1 = layers.LSTM(32, return_sequences=True)
        self.lstm2 = layers.LSTM(32)

    def call(self, x):
        x = self.dense1(x)
        x = self.lstm1(x)
        x = self.lstm2(x)
        x = self.dense2(x)
        return x

    def build(self, input_shape):
        self.dense1.build(input_shape)
        self.lstm1.build(self.dense1.compute_output_shape(input_shape))
        self.lstm2.build(
            self.lstm1.compute_output_shape(self.dense1.compute_output_shape(input_shape))
        )
        self.dense2.build(
            self.lstm2.compute_output_shape(
                self.lstm1.compute_output_shape(self.dense1.compute_output_shape(input_shape))
            )
        )

        super(StackedLSTM, self).build(
            input_shape
        )  # Don't forget to call the build method of the parent class


# Input features tensors
X_train = load_X(X_train_signals_paths)
X_test = load_X(X_test_signals_paths)

# Fault labels
y_train = load_y(y_train_path)
y_test = load_y(y_test_path)

print("Some useful info to get an insight on dataset's shape and normalisation:")
print("(X shape, y shape, every X's mean, every X's standard deviation)")
print(X_test.shape, y_test.shape, np.mean(X_test), np.std(X_test))
print("The dataset is therefore properly normalised, as expected, but not yet one-hot encoded.")
print("")
unique_elements, counts_elements = np.unique(y_train, return_counts=True)
print("Faults distribution in the training set:")
print(np.asarray((unique_elements, counts_elements)))
unique_elements, counts_elements = np.unique(y_test, return_counts=True)
print("\nFaults distribution in the test set:")
print(np.asarray((unique_elements, counts_elements)))

# Input tensor data
training_data_count = len(
    X_train
)  # 5733 training sequences (with 50% overlap between each sequence)
test_data_count = len(X_test)  # 2458 testing sequences
n_steps = len(X_train[0])  # 128 timesteps per sequence
n_input = len(X_train[0][0])  # 11 input features per timestep

# Parameters
epochs = 2
batch_size = 1500
learning_rate = 0.0025
reg_lambda = 0.0015

model = StackedLSTM()
model.build(input_shape=(None, 128, 11))
MODELS_PATH = tempfile.mkdtemp()
model.save_weights(os.path.join(MODELS_PATH, "initial_weights.weights.h5"))

regularizer = tf.keras.regularizers.L2(l2=reg_lambda)
loss_func = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)

train_loss = tf.keras.metrics.Mean(name="train_loss")
train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="train_accuracy")

test_loss = tf.keras.metrics.Mean(name="test_loss")
test_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="test_accuracy")

X = np.vstack((X_train, X_test))
y = np.vstack((y_train, y_test))

print(f"Train data:\t{X_train.shape}, {y_train.shape}")
print(f"Test data:\t{X_test.shape}, {y_test.shape}")
print(f"Data:\t\t{X.shape}, {y.shape}")


@tf.function
def train_step(x_batch, y_batch, model):
    with tf.GradientTape() as tape:
        y_batch_pred = model(x_batch)
        loss = loss_func(y_batch, y_batch_pred)
        loss += tf.math.reduce_sum([regularizer(var) for var in model.trainable_variables])
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))

    train_loss(loss)
    train_accuracy(y_batch, y_batch_pred)


@tf.function
def test_step(x_batch, y_batch, model):
    y_batch_pred = model(x_batch)
    loss = loss_func(y_batch, y_batch_pred)
    loss += tf.math.reduce_sum([regularizer(var) for var in model.trainable_variables])

    test_loss(loss)
    test_accuracy(y_batch, y_batch_pred)


def model_training(train_ds, test_ds):
    train_losses, test_losses = [], []
    train_accuracies, test_accuracies = [], []
    start = datetime.now()

    for epoch in range(epochs):
        train_loss.reset_state()
        train_accuracy.reset_state()
        test_loss.reset_state()
        test_accuracy.reset_state()

        for x_batch, y_batch in tqdm(train_ds, desc=f"Epoch {epoch + 1} [Train]"):
            train_step(x_batch, y_batch, model)

        for x_batch, y_batch in tqdm(test_ds, desc=f"Epoch {epoch + 1} [Test]"):
            test_step(x_batch, y_batch, model)

        train_losses.append(train_loss.result().numpy())
        test_losses.append(test_loss.result().numpy())
        train_accuracies.append(train_accuracy.result().numpy())
        test_accuracies.append(test_accuracy.result().numpy())

        print(f"Epoch {epoch + 1}, ", end="")
        print(f"Loss: {train_loss.result().numpy():.4f}, ", end="")
        print(f"Accuracy: {(train_accuracy.result().numpy() * 100):.4f} %, ", end="")
        print(f"Test Loss: {test_loss.result().numpy():.4f}, ", end="")
        print(f"Test Accuracy: {(test_accuracy.result().numpy() * 100):.4f} %")

    print(f"\nExec Time: {datetime.now() - start}")
    return train_accuracies, test_accuracies, train_losses, test_losses


kf = KFold(n_splits=5)

folds_res = []
for index, (train_index, test_index) in enumerate(kf.split(X)):
    fold = index + 1
    model.load_weights(os.path.join(MODELS_PATH, "initial_weights.weights.h5"))

    train_ds = tf.data.Dataset.from_tensor_slices((X[train_index], y[train_index])).batch(
        batch_size
    )
    test_ds = tf.data.Dataset.from_tensor_slices((X[test_index], y[test_index])).batch(batch_size)

    print(f">> Fold {fold} training >>>>")
    train_accuracies, test_accuracies, train_losses, test_losses = model_training(train_ds, test_ds)
    print(f"[fold {fold}] Accuracy: {test_accuracies[-1] * 100:.4f} %\n")

    model.save_weights(os.path.join(MODELS_PATH, f"{fold}-fold-model.weights.h5"))
    folds_res.append(
        {
            "fold": fold,
            "train_acc": train_accuracies,
            "test_acc": test_accuracies,
            "train_losses": train_losses,
            "test_losses": test_losses,
        }
    )

accuracies = np.array([res["test_acc"][-1] for res in folds_res])
print(f"Accuracy: {accuracies.mean():.4f} +/- {accuracies.std():.4f}")

print(f"model parameters: {model_size(model)}\n")

for name, shape in [(var.path, var.shape) for var in model.trainable_variables]:
    print(f"{name}, {shape}")

# Select best fold
best_fold = max(folds_res, key=lambda fold: fold["test_acc"][-1])

fig, axs = plt.subplots(len(folds_res), 2, figsize=(16, 15))

for idx, fold in enumerate(folds_res):
    axs[idx, 0].plot(np.arange(1, epochs + 1), fold["train_acc"], label="train")
    axs[idx, 0].plot(np.arange(1, epochs + 1), fold["test_acc"], label="test")
    axs[idx, 0].set_ylabel("Accuracy")
    axs[idx, 0].set_xlabel("Epochs")
    axs[idx, 0].set_title(f"Fold {idx + 1} Accuracy")
    axs[idx, 0].legend()
    axs[idx, 0].grid()

    axs[idx, 1].plot(np.arange(1, epochs + 1), fold["train_losses"], label="train")
    axs[idx, 1].plot(np.arange(1, epochs + 1), fold["test_losses"], label="test")
    axs[idx, 1].set_ylabel("Loss")
    axs[idx, 1].set_xlabel("Epochs")
    axs[idx, 1].set_title(f"Fold {idx + 1} Loss")
    axs[idx, 1].legend()
    axs[idx, 1].grid()

plt.tight_layout()
plt.show()

model.load_weights(os.path.join(MODELS_PATH, f"{best_fold['fold']}-fold-model.weights.h5"))

y_pred, y_true = np.array([]), np.array([])
for x_batch, y_batch in test_ds:
    probs = tf.nn.softmax(model(x_batch), axis=1).numpy()
    y_pred = np.hstack((y_pred, np.argmax(probs, axis=1)))
    y_true = np.hstack((y_true, y_batch.numpy().ravel()))

cm = confusion_matrix(y_true, y_pred)

disp = ConfusionMatrixDisplay(confusion_matrix=cm, display_labels=np.unique(y))
disp.plot(cmap="Blues")
plt.show()

for label in np.unique(y):
    indexes = np.where(y == label)[0]

    ds = tf.data.Dataset.from_tensor_slices((X[indexes], y[indexes])).batch(indexes.shape[0])

    for x_batch, y_batch in ds:
        probs = tf.nn.softmax(model(x_batch), axis=1).numpy()
        y_pred = np.argmax(probs, axis=1)
        y_true = y_batch.numpy().ravel()

        acc = np.sum(y_pred == y_true) / y_true.shape[0]

        print(f"Class: {label}, Accuracy: {acc * 100:.2f} %")
