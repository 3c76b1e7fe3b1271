import random

import numpy as np
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import SGD

intents = {"greeting": ["hi", "hello", "hey there"], "goodbye": ["bye", "see you later"],
           "thanks": ["thanks", "thank you"], "hours": ["when are you open", "opening hours"]}
words = sorted({w for patterns in intents.values() for p in patterns for w in p.split()})
classes = sorted(intents)

training = []
for tag, patterns in intents.items():
    for pattern in patterns:
        bag = [1 if w in pattern.split() else 0 for w in words]
        output_row = [0] * len(classes)
        output_row[classes.index(tag)] = 1
        training.append([bag, output_row])
training = training * 20
random.shuffle(training)
train_x = [row[0] for row in training]
train_y = [row[1] for row in training]

model = Sequential()
model.add(Dense(128, input_shape=(len(train_x[0]),), activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(64, activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(len(train_y[0]), activation="softmax"))

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss="categorical_crossentropy", optimizer=sgd, metrics=["accuracy"])
hist = model.fit(np.array(train_x), np.array(train_y), epochs=5, batch_size=5, verbose=1)
