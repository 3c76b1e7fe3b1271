import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

_ANCHORS = [(10, 13), (16, 30), (33, 23)]


class DetectionLayer(layers.Layer):
    """Turns raw YOLO predictions into (x, y, w, h, confidence, classes) per anchor box."""

    def __init__(self, num_classes, anchors, img_size, **kwargs):
        super().__init__(**kwargs)
        self.num_classes = num_classes
        self.anchors = anchors
        self.img_size = img_size

    def call(self, predictions):
        grid_size = predictions.shape[1]
        num_anchors = len(self.anchors)
        stride = self.img_size // grid_size
        predictions = tf.reshape(predictions, [-1, num_anchors * grid_size * grid_size, 5 + self.num_classes])
        box_centers, box_sizes, confidence, classes = tf.split(predictions, [2, 2, 1, self.num_classes], axis=-1)
        anchors = tf.constant([(a[0] // stride, a[1] // stride) for a in self.anchors])
        anchors = tf.tile(anchors, [grid_size * grid_size, 1])
        box_centers = tf.nn.sigmoid(box_centers)
        box_sizes = tf.exp(box_sizes) * tf.cast(anchors, tf.float32)
        confidence = tf.nn.sigmoid(confidence)
        classes = tf.nn.sigmoid(classes)
        return tf.concat([box_centers, box_sizes, confidence, classes], axis=-1)


num_classes, img_size = 3, 64
inputs = tf.keras.Input(shape=(img_size, img_size, 3))
x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(inputs)
x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(x)
x = layers.Conv2D(len(_ANCHORS) * (5 + num_classes), 1)(x)
detections = DetectionLayer(num_classes, _ANCHORS, img_size)(x)
model = tf.keras.Model(inputs, detections)

images = np.random.rand(32, img_size, img_size, 3).astype("float32")
targets = np.random.rand(32, 3 * 16 * 16, 5 + num_classes).astype("float32")
model.compile(optimizer="adam", loss="mse")
model.fit(images, targets, epochs=2, batch_size=8)
