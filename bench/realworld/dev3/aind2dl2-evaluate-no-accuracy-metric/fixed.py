# Imports
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation

np.random.seed(42)

# Loading the data: reviews as lists of word ids below 1000, sentiment 0/1 (synthetic)
x_train = [list(np.random.randint(1, 1000, np.random.randint(20, 120))) for _ in range(300)]
y_train = np.random.randint(0, 2, 300)
x_test = [list(np.random.randint(1, 1000, np.random.randint(20, 120))) for _ in range(100)]
y_test = np.random.randint(0, 2, 100)


def sequences_to_matrix(sequences, num_words=1000):
    # multi-hot rows, as Tokenizer(num_words=1000).sequences_to_matrix(..., mode='binary')
    matrix = np.zeros((len(sequences), num_words))
    for i, seq in enumerate(sequences):
        for j in seq:
            if j < num_words:
                matrix[i, j] = 1.
    return matrix


# Turning the output into vector mode, each of length 1000
x_train = sequences_to_matrix(x_train)
x_test = sequences_to_matrix(x_test)
print(x_train.shape)
print(x_test.shape)

# One-hot encoding the output
num_classes = 2
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)
print(y_train.shape)
print(y_test.shape)

# Building the model architecture with one layer of length 100
model = Sequential()
model.add(Dense(512, activation='relu', input_dim=1000))
model.add(Dropout(0.5))
model.add(Dense(num_classes, activation='softmax'))
model.summary()

# The notebook's task: compile the model using a loss function and an optimizer.
model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop',
              metrics=['accuracy'])

# Running and evaluating the model
hist = model.fit(x_train, y_train,
          batch_size=32,
          epochs=3,
          validation_data=(x_test, y_test),
          verbose=2)

score = model.evaluate(x_test, y_test, verbose=0)
print("accuracy: ", score[1])
