import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam


def plot_loss_accuracy(history):
    # plotting (pandas/matplotlib) replaced by prints in this environment
    print(history.history)
    loss = history.history['loss'][-1]
    acc = history.history['acc'][-1]
    print('Loss: %.3f, Accuracy: %.3f' % (loss, acc))


# synthetic stand-in for make_moons(n_samples=1000, noise=0.05)
X = np.random.randn(400, 2).astype('float32')
y = (X[:, 0] * X[:, 1] > 0).astype('float32')

model = Sequential()
model.add(Dense(4, input_shape=(2,), activation='tanh'))
model.add(Dense(2, activation='tanh'))
model.add(Dense(1, activation='sigmoid'))

model.compile(Adam(learning_rate=0.01), 'binary_crossentropy', metrics=['accuracy'])

history = model.fit(X, y, verbose=0, epochs=2)

plot_loss_accuracy(history)
