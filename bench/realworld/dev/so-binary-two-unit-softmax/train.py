import numpy as np
from tensorflow.keras import layers, models

# 48x48 grayscale faces, label 0 = angry, 1 = happy
X_train = np.random.rand(400, 48, 48, 1).astype("float32")
y_train = np.random.randint(0, 2, size=(400, 1))

model = models.Sequential([
    layers.Conv2D(16, (3, 3), activation="relu", input_shape=(48, 48, 1)),
    layers.MaxPooling2D((2, 2)),
    layers.Conv2D(32, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=2, batch_size=32, validation_split=0.2)
