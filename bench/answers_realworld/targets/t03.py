import numpy as np
import tensorflow as tf

X = np.random.rand(300, 20).astype("float32")
y = np.random.randint(0, 3, size=(300,))
y = tf.keras.utils.to_categorical(y, 3)

model = tf.keras.models.Sequential([
    tf.keras.layers.Dense(64, activation='relu', input_shape=(20,)),
    tf.keras.layers.Dense(3, activation='softmax'),
])

sgdv = tf.keras.optimizers.SGD(lr = 0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss='categorical_crossentropy', optimizer=sgdv, metrics=['accuracy'])
model.fit(X, y, batch_size=32, epochs=2)
