import numpy as np
from keras import models
from keras import layers
from keras import optimizers
from keras import losses
from keras import metrics

# synthetic stand-in for the vectorized IMDB reviews
x_train = np.random.randint(0, 2, size=(400, 1000)).astype('float32')
y_train = np.random.randint(0, 2, size=(400,)).astype('float32')

model = models.Sequential()
model.add(layers.Dense(16, activation='relu', input_shape=(1000,)))
model.add(layers.Dense(16, activation='relu'))
model.add(layers.Dense(1, activation='sigmoid'))

x_val = x_train[:100]
partial_x_train = x_train[100:]
y_val = y_train[:100]
partial_y_train = y_train[100:]

model.compile(optimizer=optimizers.RMSprop(learning_rate=0.001),
              loss=losses.binary_crossentropy,
              metrics=[metrics.binary_accuracy])

history = model.fit(partial_x_train,
                    partial_y_train,
                    epochs=2,
                    batch_size=64,
                    validation_data=(x_val, y_val))

acc = history.history['binary_accuracy']
val_acc = history.history['val_binary_accuracy']
loss = history.history['loss']
val_loss = history.history['val_loss']

epochs = range(1, len(acc) + 1)
for e, a, va, l, vl in zip(epochs, acc, val_acc, loss, val_loss):
    print(e, a, va, l, vl)
