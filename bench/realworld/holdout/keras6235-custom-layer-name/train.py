import numpy as np
from keras import ops
from keras.layers import Dense, Dropout, Input, Layer
from keras.models import Model


class MyLayer(Layer):
    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim
        super(MyLayer, self).__init__(**kwargs)

    def build(self, input_shape):
        # Create a trainable weight variable for this layer.
        self.kernel = self.add_weight(shape=(input_shape[1], self.output_dim),
                                      initializer="uniform",
                                      trainable=True)
        super(MyLayer, self).build(input_shape)  # Be sure to call this somewhere!

    def call(self, x):
        return ops.matmul(x, self.kernel)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)


def create_network(input_dim, n_classes):
    source = Input(shape=(input_dim,))
    dense2_source = Dense(64, activation="relu")(source)
    dropout2_source = Dropout(0.3)(dense2_source)
    sourcedistribution = Mylayer(dropout2_source)
    output = Dense(n_classes, activation="softmax")(sourcedistribution)
    return Model(source, output)


X = np.random.rand(400, 30).astype("float32")
y = np.random.randint(0, 4, 400)
model = create_network(30, 4)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=2, batch_size=32)
