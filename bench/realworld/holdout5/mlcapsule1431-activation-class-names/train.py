import numpy as np
from tensorflow import keras
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout
from tensorflow.keras.utils import to_categorical

# --- stand-in: the preprocessed scan images (resized, scaled to [0, 1]) and their
# two diagnosis classes ---
rng = np.random.RandomState(0)
X_train = rng.rand(120, 32, 32, 3).astype('float32')
y_train = to_categorical(rng.randint(0, 2, 120), 2)
X_val = rng.rand(40, 32, 32, 3).astype('float32')
y_val = to_categorical(rng.randint(0, 2, 40), 2)
# --- end of stand-in ---

model = Sequential()
model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(64, (3, 3), activation='relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(500, activation='PReLU'))
model.add(Dense(250, activation='ELU'))
model.add(Dense(100, activation='LeakyReLU'))
model.add(Dropout(0.5))
model.add(Dense(2, activation='softmax'))

model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.summary()

history = model.fit(X_train, y_train, batch_size=32, epochs=3,
                    validation_data=(X_val, y_val))
