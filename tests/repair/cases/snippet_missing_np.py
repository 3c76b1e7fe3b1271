import keras
from keras import layers

model = keras.Sequential([keras.Input((6,)), layers.Dense(4, activation="relu"), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

# pasted from a chat answer:
X = np.random.rand(64, 6).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model.fit(X, y, epochs=1, batch_size=16, verbose=0)
