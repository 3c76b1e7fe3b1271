"""House-price regression on tabular features, hyper-parameters from the command line."""

import argparse

import numpy as np
import tensorflow as tf


def parse_args():
    parser = argparse.ArgumentParser(description="train a price regressor")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=64)
    return parser.parse_args()


def make_data(n_rows, n_cols, seed=7):
    gen = np.random.default_rng(seed)
    feats = gen.normal(size=(n_rows, n_cols)).astype("float32")
    weights = gen.normal(size=(n_cols, 1)).astype("float32")
    price = feats @ weights + 0.1 * gen.normal(size=(n_rows, 1)).astype("float32")
    return feats, price


def main():
    args = parse_args()
    feats, price = make_data(256, 13)

    regressor = tf.keras.Sequential(
        [
            tf.keras.layers.Input(shape=(13,)),
            tf.keras.layers.Dense(args.hidden, activation="relu"),
            tf.keras.layers.Dense(args.hidden // 2, activation="relu"),
            tf.keras.layers.Dense(1),
        ]
    )
    opt = tf.keras.optimizers.RMSprop(lr=args.lr, rho=0.9)
    regressor.compile(optimizer=opt, loss="mse", metrics=["mae"])
    log = regressor.fit(feats, price, epochs=args.epochs, batch_size=args.batch, validation_split=0.25)
    print("final val_mae:", log.history["val_mae"][-1])


if __name__ == "__main__":
    main()
