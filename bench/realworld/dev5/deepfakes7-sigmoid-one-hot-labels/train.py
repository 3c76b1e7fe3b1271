from keras.layers import GlobalAveragePooling2D
from keras.layers import Dropout, Dense
from keras.layers import Conv2D, MaxPooling2D, Input
from keras.models import Model
from keras.optimizers import Nadam
from keras.callbacks import ModelCheckpoint, EarlyStopping
from keras.callbacks import CSVLogger
import keras
import numpy as np
import time
import argparse
from os.path import exists
from os import makedirs


# --- stand-ins: the face crops and one-hot real/fake labels written by the data
# preparation step, sklearn's train_test_split, and the ImageNet base network ---
rng = np.random.RandomState(0)
np.save("train_data.npy", rng.rand(100, 64, 64, 3).astype("float32"))
np.save("train_label.npy", keras.utils.to_categorical(rng.randint(0, 2, 100), 2))


def train_test_split(X, y, test_size=0.1, shuffle=False):
    n_test = int(round(len(X) * test_size))
    return X[:-n_test], X[-n_test:], y[:-n_test], y[-n_test:]


def Xception(weights=None, include_top=False, input_shape=(64, 64, 3)):
    inp = Input(shape=input_shape)
    x = Conv2D(16, 3, activation="relu")(inp)
    x = MaxPooling2D()(x)
    x = Conv2D(32, 3, activation="relu")(x)
    return Model(inp, x)
# --- end of stand-ins ---


def cnn_model(model_name, img_size):
    """
    Model definition using Xception net architecture
    """
    input_size = (img_size, img_size, 3)
    if model_name == "xception":
        baseModel = Xception(
            weights="imagenet",
            include_top=False,
            input_shape=(img_size, img_size, 3)
        )

    headModel = baseModel.output
    headModel = GlobalAveragePooling2D()(headModel)
    headModel = Dense(512, activation="relu", kernel_initializer="he_uniform")(
        headModel
    )
    headModel = Dropout(0.4)(headModel)
    headModel = Dropout(0.5)(headModel)
    predictions = Dense(
        1,
        activation="sigmoid",
        kernel_initializer="he_uniform")(
        headModel
    )
    model = Model(inputs=baseModel.input, outputs=predictions)

    for layer in baseModel.layers:
        layer.trainable = True

    optimizer = Nadam(
        learning_rate=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-08
    )
    model.compile(
        loss="categorical_crossentropy",
        optimizer=optimizer,
        metrics=["accuracy"]
    )
    return model


def main():
    start = time.time()

    ap = argparse.ArgumentParser()
    ap.add_argument("-e", "--epochs", type=int, help="Number of epochs", default=3)
    ap.add_argument("-m", "--model_name", type=str, help="Imagenet model to train", default="xception")
    ap.add_argument("-w", "--weights_save_name", type=str, help="Model wieghts name", default="xception")
    ap.add_argument("-b", "--batch_size", type=int, help="Batch size", default=16)
    ap.add_argument("-im_size", "--image_size", type=int, help="Batch size", default=64)
    args = ap.parse_args([])

    # Training dataset loading
    train_data = np.load("train_data.npy")
    train_label = np.load("train_label.npy")

    print("Dataset Loaded...")

    # Train and validation split
    trainX, valX, trainY, valY = train_test_split(
        train_data, train_label, test_size=0.1, shuffle=False
    )
    print(trainX.shape, valX.shape, trainY.shape, valY.shape)

    model = cnn_model(args.model_name, img_size=args.image_size)

    # Number of trainable and non-trainable parameters
    trainable_count = int(np.sum([np.prod(p.shape) for p in model.trainable_weights]))
    non_trainable_count = int(np.sum([np.prod(p.shape) for p in model.non_trainable_weights]))

    print("Total params: {:,}".format(trainable_count + non_trainable_count))
    print("Trainable params: {:,}".format(trainable_count))
    print("Non-trainable params: {:,}".format(non_trainable_count))

    if not exists("./trained_wts"):
        makedirs("./trained_wts")
    if not exists("./training_logs"):
        makedirs("./training_logs")

    # Keras backend
    model_checkpoint = ModelCheckpoint(
        "trained_wts/" + args.weights_save_name + ".weights.h5",
        monitor="val_loss",
        verbose=1,
        save_best_only=True,
        save_weights_only=True,
    )

    stopping = EarlyStopping(monitor="val_loss", patience=10, verbose=0)
    csv_logger = CSVLogger(
        "training_logs/xception.log",
        separator=",",
        append=True,
    )

    print("Training is going to start in 3... 2... 1... ")

    # Model Training
    H = model.fit(
        trainX / 255.0,
        trainY,
        batch_size=args.batch_size,
        validation_data=(valX / 255.0, valY),
        epochs=args.epochs,
        callbacks=[model_checkpoint, stopping, csv_logger],
    )

    print("final loss:", H.history["loss"][-1])
    end = time.time()
    dur = end - start
    print("Execution Time:", dur, "seconds")


if __name__ == "__main__":
    main()
