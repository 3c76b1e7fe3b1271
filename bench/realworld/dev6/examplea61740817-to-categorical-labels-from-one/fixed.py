# A multi-class classifier whose output labels are the numbers 1..14
# (converted to one-hot vectors before training).
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.utils import to_categorical

# --- stand-in for the question's data: 300 samples of 24 features, labels 1..14 ---
rng = np.random.RandomState(0)
X_train = rng.rand(300, 24).astype('float32')
y_train = rng.randint(1, 15, 300)
# --- end of stand-in ---

num_classes = 14

y_train = to_categorical(np.asarray(y_train)-1)

model = Sequential()
model.add(Dense(64, activation='relu', input_shape=(24,)))
model.add(Dropout(0.2))
model.add(Dense(32, activation='relu'))
model.add(Dense(num_classes, activation='softmax'))

model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X_train, y_train, epochs=3, batch_size=32, validation_split=0.1)
