import numpy as np
import tensorflow as tf

import os
import tempfile
import time


# scikit-learn and matplotlib are not installed here: stand-ins for the few things the
# classifier uses (OneHotEncoder(sparse=False).fit_transform, accuracy_score, LabelEncoder,
# and pyplot calls that keep the curves in memory and write nothing)
class OHE:
    def __init__(self, sparse=True):
        self.sparse = sparse

    def fit_transform(self, y):
        self.categories_ = np.unique(y[:, 0])
        return (y[:, 0][:, None] == self.categories_[None, :]).astype(np.float64)


def accuracy_score(y_true, y_pred, normalize=True):
    correct = np.sum(np.asarray(y_true) == np.asarray(y_pred))
    return correct / len(y_true) if normalize else correct


class LabelEncoder:
    def fit_transform(self, y):
        self.classes_, encoded = np.unique(y, return_inverse=True)
        return encoded


class plt:
    curves = []

    @staticmethod
    def figure(figsize=None):
        pass

    @staticmethod
    def plot(values, lw=None, color=None, label=None):
        plt.curves.append((list(values), label))

    @staticmethod
    def legend():
        pass

    @staticmethod
    def savefig(path):
        pass

    @staticmethod
    def cla():
        plt.curves = []

    @staticmethod
    def clf():
        plt.curves = []


class LITE:
    def __init__(
        self,
        output_directory,
        length_TS,
        n_classes,
        batch_size=64,
        n_filters=32,
        kernel_size=41,
        n_epochs=1500,
        verbose=True,
        use_custom_filters=True,
        use_dilation=True,
        use_multiplexing=True,
    ):

        self.output_directory = output_directory

        self.length_TS = length_TS
        self.n_classes = n_classes

        self.verbose = verbose

        self.n_filters = n_filters

        self.use_custom_filters = use_custom_filters
        self.use_dilation = use_dilation
        self.use_multiplexing = use_multiplexing

        self.kernel_size = kernel_size - 1

        self.batch_size = batch_size
        self.n_epochs = n_epochs

        self.build_model()

    def hybird_layer(self, input_tensor, input_channels, kernel_sizes=[2, 4, 8, 16, 32, 64]):

        conv_list = []

        for kernel_size in kernel_sizes:
            filter_ = np.ones(shape=(kernel_size, input_channels, 1))
            indices_ = np.arange(kernel_size)

            filter_[indices_ % 2 == 0] *= -1

            conv = tf.keras.layers.Conv1D(
                filters=1,
                kernel_size=kernel_size,
                padding="same",
                use_bias=False,
                kernel_initializer=tf.keras.initializers.Constant(filter_),
                trainable=False,
                name="hybird-increasse-" + str(self.keep_track) + "-" + str(kernel_size),
            )(input_tensor)

            conv_list.append(conv)

            self.keep_track += 1

        for kernel_size in kernel_sizes:
            filter_ = np.ones(shape=(kernel_size, input_channels, 1))
            indices_ = np.arange(kernel_size)

            filter_[indices_ % 2 > 0] *= -1

            conv = tf.keras.layers.Conv1D(
                filters=1,
                kernel_size=kernel_size,
                padding="same",
                use_bias=False,
                kernel_initializer=tf.keras.initializers.Constant(filter_),
                trainable=False,
                name="hybird-decrease-" + str(self.keep_track) + "-" + str(kernel_size),
            )(input_tensor)
            conv_list.append(conv)

            self.keep_track += 1

        for kernel_size in kernel_sizes[1:]:
            filter_ = np.zeros(shape=(kernel_size + kernel_size // 2, input_channels, 1))

            xmash = np.linspace(start=0, stop=1, num=kernel_size // 4 + 1)[1:].reshape((-1, 1, 1))

            filter_left = xmash**2
            filter_right = filter_left[::-1]

            filter_[0 : kernel_size // 4] = -filter_left
            filter_[kernel_size // 4 : kernel_size // 2] = -filter_right
            filter_[kernel_size // 2 : 3 * kernel_size // 4] = 2 * filter_left
            filter_[3 * kernel_size // 4 : kernel_size] = 2 * filter_right
            filter_[kernel_size : 5 * kernel_size // 4] = -filter_left
            filter_[5 * kernel_size // 4 :] = -filter_right

            conv = tf.keras.layers.Conv1D(
                filters=1,
                kernel_size=kernel_size + kernel_size // 2,
                padding="same",
                use_bias=False,
                kernel_initializer=tf.keras.initializers.Constant(filter_),
                trainable=False,
                name="hybird-peeks-" + str(self.keep_track) + "-" + str(kernel_size),
            )(input_tensor)

            conv_list.append(conv)

            self.keep_track += 1

        hybird_layer = tf.keras.layers.Concatenate(axis=2)(conv_list)
        hybird_layer = tf.keras.layers.Activation(activation="relu")(hybird_layer)

        return hybird_layer

    def _inception_module(
        self,
        input_tensor,
        dilation_rate,
        stride=1,
        activation="linear",
        use_hybird_layer=False,
        use_multiplexing=True,
    ):

        input_inception = input_tensor

        if not use_multiplexing:
            n_convs = 1
            n_filters = self.n_filters * 3

        else:
            n_convs = 3
            n_filters = self.n_filters

        kernel_size_s = [self.kernel_size // (2**i) for i in range(n_convs)]

        conv_list = []

        for i in range(len(kernel_size_s)):
            conv_list.append(
                tf.keras.layers.Conv1D(
                    filters=n_filters,
                    kernel_size=kernel_size_s[i],
                    strides=stride,
                    padding="same",
                    dilation_rate=dilation_rate,
                    activation=activation,
                    use_bias=False,
                )(input_inception)
            )

        if use_hybird_layer:
            self.hybird = self.hybird_layer(
                input_tensor=input_tensor, input_channels=input_tensor.shape[-1]
            )
            conv_list.append(self.hybird)

        if len(conv_list) > 1:
            x = tf.keras.layers.Concatenate(axis=2)(conv_list)
        else:
            x = conv_list[0]

        x = tf.keras.layers.BatchNormalization()(x)
        x = tf.keras.layers.Activation(activation="relu")(x)

        return x

    def _fcn_module(
        self,
        input_tensor,
        kernel_size,
        dilation_rate,
        n_filters,
        stride=1,
        activation="relu",
    ):

        x = tf.keras.layers.SeparableConv1D(
            filters=n_filters,
            kernel_size=kernel_size,
            padding="same",
            strides=stride,
            dilation_rate=dilation_rate,
            use_bias=False,
        )(input_tensor)

        x = tf.keras.layers.BatchNormalization()(x)
        x = tf.keras.layers.Activation(activation=activation)(x)

        return x

    def build_model(self):

        self.keep_track = 0

        input_shape = (self.length_TS,)

        input_layer = tf.keras.layers.Input(input_shape)
        reshape_layer = tf.keras.layers.Reshape(target_shape=(self.length_TS, 1))(input_layer)

        inception = self._inception_module(
            input_tensor=reshape_layer,
            dilation_rate=1,
            use_hybird_layer=self.use_custom_filters,
        )

        self.kernel_size //= 2

        input_tensor = inception

        dilation_rate = 1

        for i in range(2):
            if self.use_dilation:
                dilation_rate = 2 ** (i + 1)

            x = self._fcn_module(
                input_tensor=input_tensor,
                kernel_size=self.kernel_size // (2**i),
                n_filters=self.n_filters,
                dilation_rate=dilation_rate,
            )

            input_tensor = x

        gap = tf.keras.layers.GlobalAveragePooling1D()(x)

        output_layer = tf.keras.layers.Dense(units=self.n_classes, activation="softmax")(gap)

        self.model = tf.keras.models.Model(inputs=input_layer, outputs=output_layer)

        reduce_lr = tf.keras.callbacks.ReduceLROnPlateau(
            monitor="loss", factor=0.5, patience=50, min_lr=1e-4
        )
        model_checkpoint = tf.keras.callbacks.ModelCheckpoint(
            filepath=self.output_directory + "best_model.keras",
            monitor="loss",
            save_best_only=True,
        )
        self.callbacks = [reduce_lr, model_checkpoint]

        self.model.compile(loss="categorical_crossentropy", optimizer="Adam", metrics=["accuracy"])

    def fit(self, xtrain, ytrain, xval=None, yval=None, plot_test=False):

        ytrain = np.expand_dims(ytrain, axis=1)
        ohe = OHE(sparse=False)
        ytrain = ohe.fit_transform(ytrain)

        if plot_test:
            yval = np.expand_dims(yval, axis=1)
            ohe = OHE(sparse=False)
            yval = ohe.fit_transform(yval)

        if plot_test:
            hist = self.model.fit(
                xtrain,
                ytrain,
                batch_size=self.batch_size,
                epochs=self.n_epochs,
                verbose=self.verbose,
                validation_data=(xval, yval),
                callbacks=self.callbacks,
            )
        else:
            hist = self.model.fit(
                xtrain,
                ytrain,
                batch_size=self.batch_size,
                epochs=self.n_epochs,
                verbose=self.verbose,
                callbacks=self.callbacks,
            )

        plt.figure(figsize=(20, 10))

        plt.plot(hist.history["loss"], lw=3, color="blue", label="Training Loss")

        if plot_test:
            plt.plot(hist.history["val_loss"], lw=3, color="red", label="Validation Loss")

        plt.legend()
        plt.savefig(self.output_directory + "loss.pdf")
        plt.cla()

        plt.plot(hist.history["accuracy"], lw=3, color="blue", label="Training Accuracy")

        if plot_test:
            plt.plot(
                hist.history["val_accuracy"],
                lw=3,
                color="red",
                label="Validation Accuracy",
            )

        plt.legend()
        plt.savefig(self.output_directory + "accuracy.pdf")

        plt.cla()
        plt.clf()

        tf.keras.backend.clear_session()

    def predict(self, xtest, ytest):

        model = tf.keras.models.load_model(
            self.output_directory + "best_model.keras", compile=False
        )

        start_time = time.time()
        ypred = model.predict(xtest)
        duration = time.time() - start_time

        ypred_argmax = np.argmax(ypred, axis=1)

        return (
            np.asarray(ypred),
            accuracy_score(y_true=ytest, y_pred=ypred_argmax, normalize=True),
            duration,
        )


# utils/utils.py and main.py (--classifier LITE --track-emissions False), on a synthetic
# stand-in for the UCR "Coffee" data set
def create_directory(directory_path):

    if not os.path.isdir(directory_path):
        os.mkdir(directory_path)


def load_data(file_name):

    rng = np.random.default_rng(0)
    t = np.linspace(0, 1, 64)

    def make(n):
        y = rng.integers(1, 3, size=n).astype(np.float64)
        x = np.sin(2 * np.pi * (2 + y[:, None]) * t[None, :]) + 0.3 * rng.normal(size=(n, 64))
        return x, y

    xtrain, ytrain = make(28)
    xtest, ytest = make(28)

    return xtrain, ytrain, xtest, ytest


def znormalisation(x):

    stds = np.std(x, axis=1, keepdims=True)
    if len(stds[stds == 0.0]) > 0:
        stds[stds == 0.0] = 1.0
        return (x - x.mean(axis=1, keepdims=True)) / stds
    return (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True))


def encode_labels(y):

    labenc = LabelEncoder()

    return labenc.fit_transform(y)


if __name__ == "__main__":
    dataset = "Coffee"
    runs = 1

    output_directory_parent = tempfile.mkdtemp() + "/"
    output_directory_parent = output_directory_parent + "LITE" + "/"
    create_directory(output_directory_parent)

    xtrain, ytrain, xtest, ytest = load_data(file_name=dataset)

    length_TS = int(xtrain.shape[1])

    xtrain = znormalisation(xtrain)
    xtrain = np.expand_dims(xtrain, axis=2)

    xtest = znormalisation(xtest)
    xtest = np.expand_dims(xtest, axis=2)

    ytrain = encode_labels(ytrain)
    ytest = encode_labels(ytest)

    ypred = np.zeros(shape=(len(ytest), len(np.unique(ytest))))

    Scores = []

    for _run in range(runs):
        output_directory = output_directory_parent + "run_" + str(_run) + "/"
        create_directory(output_directory)
        output_directory = output_directory + dataset + "/"
        create_directory(output_directory)

        clf = LITE(
            output_directory=output_directory,
            length_TS=length_TS,
            n_classes=len(np.unique(ytrain)),
            n_epochs=3,
        )

        if not os.path.exists(output_directory + "loss.pdf"):
            clf.fit(xtrain=xtrain, ytrain=ytrain, xval=xtest, yval=ytest, plot_test=True)

        y_pred, acc, _ = clf.predict(xtest=xtest, ytest=ytest)

        ypred = ypred + y_pred

        Scores.append(acc)

    ypred = ypred / (runs * 1.0)
    ypred = np.argmax(ypred, axis=1)

    acc_Time = accuracy_score(y_true=ytest, y_pred=ypred, normalize=True)

    print(dataset, np.mean(Scores), np.std(Scores), acc_Time)
