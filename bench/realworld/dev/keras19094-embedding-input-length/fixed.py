import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense, Embedding, Flatten

# reviews already turned into 10 word ids each (vocabulary of 1000 words)
x_train = np.random.randint(1000, size=(320, 10))
y_train = np.random.randint(0, 2, size=(320,))

model = keras.Sequential()
model.add(keras.Input(shape=(10,)))
model.add(Embedding(1000, 64))
model.add(Flatten())
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=32)
output_array = model.predict(x_train[:32])
print(output_array.shape)
