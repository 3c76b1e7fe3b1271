"""A refusal says what is wrong, and only that: code written for another script is refused
as such, without guesses at which of the script's names one of its names stands for.

The answer and the script were written for this test.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
import tensorflow as tf
from tensorflow import keras

x = np.random.rand(64, 16, 16, 1).astype("float32")
train_ds = tf.data.Dataset.from_tensor_slices((x, x)).batch(8)
val_ds = tf.data.Dataset.from_tensor_slices((x[:16], x[:16])).batch(8)
model = keras.Sequential([keras.Input((16, 16, 1)), keras.layers.Conv2D(1, 3, padding="same")])
model.compile(optimizer="adam", loss="mae")
model.fit(train_ds, validation_data=val_ds, epochs=1)
"""

ANSWER = """Use an adversarial loss as well. Here is the training step:

```python
class SRGAN(keras.Model):
    def __init__(self, generator, discriminator):
        super().__init__()
        self.generator = generator
        self.discriminator = discriminator

    def train_step(self, data):
        lr, hr = data
        with tf.GradientTape() as tape:
            fake = self.generator(lr, training=True)
            g_loss = -tf.reduce_mean(self.discriminator(fake))
        grads = tape.gradient(g_loss, self.generator.trainable_variables)
        self.g_opt.apply_gradients(zip(grads, self.generator.trainable_variables))
        return {"g_loss": g_loss}


gan = SRGAN(generator, discriminator)
gan.compile()
gan.fit(dataset, epochs=10)
```
"""


def test_code_for_another_script_is_refused_without_name_guesses() -> None:
    result = apply_answer(SCRIPT, ANSWER)
    assert not result.ok
    assert "could be" not in (result.refusal or ""), result.refusal
