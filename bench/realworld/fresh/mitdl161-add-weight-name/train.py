import numpy as np
import tensorflow as tf


class OurDenseLayer(tf.keras.layers.Layer):
    def __init__(self, n_output_nodes):
        super(OurDenseLayer, self).__init__()
        self.n_output_nodes = n_output_nodes

    def build(self, input_shape):
        d = int(input_shape[-1])
        # Define and initialize parameters: a weight matrix W and bias b
        self.W = self.add_weight("weight", shape=[d, self.n_output_nodes])  # note the dimensionality
        self.b = self.add_weight("bias", shape=[1, self.n_output_nodes])  # note the dimensionality

    def call(self, x):
        z = tf.matmul(x, self.W) + self.b
        y = tf.sigmoid(z)
        return y


x_input = np.random.rand(400, 2).astype("float32")
y_target = (np.random.rand(400, 3) > 0.5).astype("float32")

model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), OurDenseLayer(3)])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x_input, y_target, epochs=2, batch_size=32)
