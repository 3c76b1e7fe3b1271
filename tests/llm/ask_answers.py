"""Answers a chat model gives to change requests, written for the ``ask`` tests.

Each is realistic for its round: re-pasted functions with elided code, the model's own
names (``base_model`` for the script's ``backbone``), a layer that does not exist in the
installed Keras, a head too big for a small GPU, a change that ignores the request.
"""

from __future__ import annotations

#: KerasCV-starter style, round 1: the function re-pasted with elisions, `base_model` for
#: `backbone`, and `layers.SqueezeExcitation` (not a Keras layer).
SE_ELIDED_MISNAMED = """\
Adds a squeeze-and-excitation block on the backbone's feature map before pooling.

```python
def build_model():
    # ... existing code ...
    x = base_model(x)
    x = layers.SqueezeExcitation(ratio=16)(x)
    x = layers.GlobalAveragePooling2D(name="image_pool")(x)
    # ... rest of the function unchanged ...
```
"""

#: Round 2, on the code with round 1's change in it: the block out of standard layers.
SE_FIXED = """\
`SqueezeExcitation` is not a Keras layer; this builds the block from standard layers.

<<<<<<< SEARCH
    x = backbone(x)
    x = layers.SqueezeExcitation(ratio=16)(x)
=======
    x = backbone(x)
    channels = x.shape[-1]
    se = layers.GlobalAveragePooling2D()(x)
    se = layers.Dense(max(8, channels // 16), activation="relu")(se)
    se = layers.Dense(channels, activation="sigmoid")(se)
    x = layers.Multiply()([x, layers.Reshape((1, 1, channels))(se)])
>>>>>>> REPLACE
"""

#: Sequential, round 1: a much wider hidden layer; about 7M parameters.
WIDE_TOO_BIG = """\
Widens the classifier with a large hidden layer.

<<<<<<< SEARCH
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
=======
        layers.Flatten(),
        layers.Dense(8192, activation="relu"),
        layers.Dense(64, activation="relu"),
>>>>>>> REPLACE
"""

#: Round 2, on the code with round 1's change in it: a hidden layer that fits.
WIDE_SMALL = """\
Uses a 256-unit hidden layer so the model fits the GPU.

<<<<<<< SEARCH
        layers.Dense(8192, activation="relu"),
=======
        layers.Dense(256, activation="relu"),
>>>>>>> REPLACE
"""


#: A change that does not touch what a model request names.
ONLY_EPOCHS = """\
Training longer gives batch normalization time to settle.

<<<<<<< SEARCH
EPOCHS = 2
=======
EPOCHS = 5
>>>>>>> REPLACE
"""

#: Subclassed model: dropout before the head, in __init__ and call (two blocks).
SUBCLASS_DROPOUT = """\
Adds dropout between the pooled features and the classifier head.

<<<<<<< SEARCH
        self.pool = layers.GlobalAveragePooling2D()
=======
        self.pool = layers.GlobalAveragePooling2D()
        self.dropout = layers.Dropout(0.3)
>>>>>>> REPLACE

<<<<<<< SEARCH
        x = self.pool(x)
        return self.head(x)
=======
        x = self.pool(x)
        x = self.dropout(x, training=training)
        return self.head(x)
>>>>>>> REPLACE
"""

#: Sequential: batch normalization after each convolution (for the CLI and editors).
SEQ_BATCHNORM = """\
Adds batch normalization after each convolution.

<<<<<<< SEARCH
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu"),
=======
        layers.Conv2D(16, 3, activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu"),
        layers.BatchNormalization(),
>>>>>>> REPLACE
"""
