import numpy as np
from keras.layers import Activation, Dense, Dropout
from keras.models import Sequential
from keras.utils import to_categorical


def data():
    X_train = np.random.rand(600, 784).astype("float32")
    X_test = np.random.rand(100, 784).astype("float32")
    Y_train = to_categorical(np.random.randint(0, 10, 600), 10)
    Y_test = to_categorical(np.random.randint(0, 10, 100), 10)
    return X_train, Y_train, X_test, Y_test


def create_model(X_train, Y_train, X_test, Y_test):
    model = Sequential()
    model.add(Dense(512, input_shape=(784,)))
    model.add(Activation("relu"))
    model.add(Dropout(0.2))
    model.add(Dense(10))
    model.add(Activation("softmax"))
    model.compile(loss="categorical_crossentropy", metrics=["accuracy"], optimizer="rmsprop")
    model.fit(x_train, Y_train, batch_size=64, epochs=2, verbose=2, validation_data=(X_test, Y_test))
    score, acc = model.evaluate(X_test, Y_test, verbose=0)
    return {"loss": -acc, "model": model}


X_train, Y_train, X_test, Y_test = data()
best = create_model(X_train, Y_train, X_test, Y_test)
print("Test accuracy:", -best["loss"])
