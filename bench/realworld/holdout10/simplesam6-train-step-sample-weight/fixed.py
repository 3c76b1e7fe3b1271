import numpy as np
import tensorflow as tf

from tensorflow.keras.layers import Dense, Flatten, Conv2D, Input
from tensorflow.keras import Model

# MNIST stand-in: 256 seeded 28x28 grey images with labels 0..9
rng = np.random.default_rng(0)
x_train = rng.integers(0, 256, size=(256, 28, 28)).astype("float64")
y_train = rng.integers(0, 10, size=256)
x_train = x_train / 255.0

# Add a channels dimension
x_train = x_train[..., tf.newaxis].astype("float32")

# one weight per sample, heavier for the rarer classes
counts = np.bincount(y_train, minlength=10)
sample_weights = (len(y_train) / (10.0 * counts[y_train])).astype("float32")


# if you want to use model.fit(), override the train_step method of a model with this function
def sam_train_step(self, data, rho=0.05):
    # Unpack the data. Its structure depends on your model and
    # on what you pass to `fit()`.
    if len(data) == 3:
        x, y, sample_weight = data
    else:
        sample_weight = None
        x, y = data

    with tf.GradientTape() as tape:
        y_pred = self(x, training=True)  # Forward pass
        # Compute the loss value
        # (the loss function is configured in `compile()`)
        loss = self.compiled_loss(y, y_pred, sample_weight=sample_weight, regularization_losses=self.losses)

    # Compute gradients
    trainable_vars = self.trainable_variables
    gradients = tape.gradient(loss, trainable_vars)

    # first step
    e_ws = []
    grad_norm = tf.linalg.global_norm(gradients)
    for i in range(len(trainable_vars)):
        e_w = gradients[i] * rho / (grad_norm + 1e-12)
        trainable_vars[i].assign_add(e_w)
        e_ws.append(e_w)

    with tf.GradientTape() as tape:
        y_pred = self(x, training=True)  # Forward pass
        # Compute the loss value
        # (the loss function is configured in `compile()`)
        loss = self.compiled_loss(y, y_pred, sample_weight=sample_weight, regularization_losses=self.losses)
    trainable_vars = self.trainable_variables
    gradients = tape.gradient(loss, trainable_vars)

    for i in range(len(trainable_vars)):
        trainable_vars[i].assign_add(-e_ws[i])
    self.optimizer.apply_gradients(zip(gradients, trainable_vars))
    # Update metrics (includes the metric that tracks the loss)
    self.compiled_metrics.update_state(y, y_pred, sample_weight=sample_weight)
    # Return a dict mapping metric names to current value
    return {m.name: m.result() for m in self.metrics}


class MyModel(Model):
    def train_step(self, data):
        return sam_train_step(self, data)


inputs = Input(shape=(28, 28, 1))
x = Conv2D(32, 3, activation='relu')(inputs)
x = Flatten()(x)
x = Dense(128, activation='relu')(x)
outputs = Dense(10)(x)
model = MyModel(inputs, outputs)

model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])

model.fit(x_train, y_train, sample_weight=sample_weights, epochs=2)
