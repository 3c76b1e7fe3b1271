import numpy as np
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout

# tabular features, three one-hot classes (synthetic)
X_train = np.random.rand(480, 20).astype("float32")
Y_train = tf.keras.utils.to_categorical(np.random.randint(0, 3, 480), 3)

model = Sequential()
model.add(Dense(64, activation="relu", input_shape=(20,)))
model.add(Dropout(0.5))
model.add(Dense(64, activation="relu"))
model.add(Dense(3, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

#fit model
model.fit(X_train, Y_train, batch_size=32, epochs=5, verbose=1)
