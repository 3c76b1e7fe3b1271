import time
import numpy as np
from keras import utils as np_utils
import keras.callbacks as cb
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation
from keras.optimizers import RMSprop


class LossHistory(cb.Callback):
    def on_train_begin(self, logs={}):
        self.losses = []

    def on_batch_end(self, batch, logs={}):
        batch_loss = logs.get('loss')
        self.losses.append(batch_loss)


def load_data():
    print('Loading data...')
    # MNIST digits (synthetic stand-in: 600 training and 100 test 28x28 images)
    X_train = np.random.randint(0, 256, (600, 28, 28)).astype('uint8')
    y_train = np.random.randint(0, 10, 600)
    X_test = np.random.randint(0, 256, (100, 28, 28)).astype('uint8')
    y_test = np.random.randint(0, 10, 100)

    X_train = X_train.astype('float32')
    X_test = X_test.astype('float32')

    X_train /= 255
    X_test /= 255

    y_train = np_utils.to_categorical(y_train, 10)
    y_test = np_utils.to_categorical(y_test, 10)

    X_train = np.reshape(X_train, (600, 784))
    X_test = np.reshape(X_test, (100, 784))

    print('Data loaded.')
    return [X_train, X_test, y_train, y_test]


def init_model():
    start_time = time.time()
    print('Compiling Model ... ')
    model = Sequential()
    model.add(Dense(500, input_dim=784))
    model.add(Activation('relu'))
    model.add(Dropout(0.4))
    model.add(Dense(300))
    model.add(Activation('relu'))
    model.add(Dropout(0.4))
    model.add(Dense(10))
    model.add(Activation('softmax'))

    rms = RMSprop()
    model.compile(loss='categorical_crossentropy', optimizer=rms)
    print('Model compield in {0} seconds'.format(time.time() - start_time))
    return model


def run_network(data=None, model=None, epochs=3, batch=256):
    try:
        start_time = time.time()
        if data is None:
            X_train, X_test, y_train, y_test = load_data()
        else:
            X_train, X_test, y_train, y_test = data

        if model is None:
            model = init_model()

        history = LossHistory()

        print('Training model...')
        model.fit(X_train, y_train, epochs=epochs, batch_size=batch,
                  callbacks=[history], show_accuracy=True,
                  validation_data=(X_test, y_test), verbose=2)

        print("Training duration : {0}".format(time.time() - start_time))
        score = model.evaluate(X_test, y_test, batch_size=16,
                               show_accuracy=True)

        print("Network's test score [loss, accuracy]: {0}".format(score))
        return model, history.losses
    except KeyboardInterrupt:
        print(' KeyboardInterrupt')
        return model, history.losses


model, losses = run_network()
