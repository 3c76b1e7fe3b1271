import numpy as np
import tensorflow as tf

# a fully convolutional segmentation model on (None, None, 3) inputs, as the Unet of
# segmentation_models builds it (a small encoder-decoder here, no pretrained backbone)
inputs = tf.keras.Input(shape=(None, None, 3))
h = tf.keras.layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
h = tf.keras.layers.MaxPooling2D()(h)
h = tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu")(h)
h = tf.keras.layers.UpSampling2D()(h)
outputs = tf.keras.layers.Conv2D(1, 1, activation="sigmoid")(h)
model = tf.keras.Model(inputs, outputs)
model.compile("adam", loss="binary_crossentropy")

x_train = np.random.rand(64, 64, 64, 3).astype("float32")
y_train = (np.random.rand(64, 64, 64, 1) > 0.5).astype("float32")
model.fit(x_train, y_train, batch_size=8, epochs=2)

# one image read from disk (cv2.imread gives an (h, w, 3) array)
X = (np.random.rand(96, 128, 3) * 255).astype("uint8")
pred = model.predict(X)
print(pred.shape)
