import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Dropout

# eight numeric features, a binary outcome (synthetic)
X = np.random.rand(500, 8).astype("float32")
y = np.random.randint(0, 2, 500)

model = Sequential()
model.add(Dense(12, input_shape=(8,), activation="relu"))
model.add(Dropout(0.2))
model.add(Dense(8, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

history = model.fit(X, y, validation_split=0.33, epochs=3, batch_size=10, verbose=0)

# summarize history for accuracy (plt.plot in the original)
print("train", history.history['acc'])
print("val", history.history['val_acc'])
