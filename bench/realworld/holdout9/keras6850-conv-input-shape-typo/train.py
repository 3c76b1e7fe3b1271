# A Conv2D classifier over 30 one-row signals of 1867 samples each (x_train of shape
# (30, 1, 1867, 1)): filters slide along the signal, a small dense head classifies it.
import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout

# --- stand-in for the reporter's 30 recordings: seeded signals, two classes ---
rng = np.random.RandomState(7)
y_train = rng.randint(0, 2, size=(30, 1))
t = np.linspace(0.0, 1.0, 1867)
x_train = np.sin(2 * np.pi * (5 + 10 * y_train) * t) + 0.5 * rng.randn(30, 1867)
x_train = x_train.reshape(30, 1, 1867, 1).astype("float32")
# --- end of stand-in ---

print(x_train.shape)  # (30, 1, 1867, 1)

model = Sequential()
model.add(Conv2D(16, (1, 5), activation='relu', input_shape=(1, 1876, 1)))
model.add(MaxPooling2D(pool_size=(1, 4)))
model.add(Conv2D(32, (1, 5), activation='relu'))
model.add(MaxPooling2D(pool_size=(1, 4)))
model.add(Flatten())
model.add(Dense(64, activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])

model.fit(x_train, y_train, batch_size=10, epochs=2)
