import numpy as np
import tensorflow as tf

nb_classes = 3
batch_size = 32

# audio features X (329, 20, 85) with one class id 0..2 per file (synthetic stand-in)
X = np.random.rand(329, 20, 85).astype("float32")
y = np.random.randint(0, nb_classes, (329, 1))
X_train, X_test = X[:263], X[263:]
y_train, y_test = y[:263], y[263:]

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.LSTM(32, return_sequences=True, stateful=False, input_shape = (20,85)))
model.add(tf.keras.layers.LSTM(20))
model.add(tf.keras.layers.Dense(nb_classes, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=["accuracy"])
model.summary()
print("Train...")
model.fit(X_train, y_train, batch_size=batch_size, epochs=2, validation_data=(X_test, y_test))
