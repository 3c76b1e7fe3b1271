# Sequence classifier with sine/cosine position embeddings (keras-pos-embd's TrigPosEmbedding
# in "add" mode on top of word embeddings). Training works; the model is saved and loaded back
# for prediction.
import numpy as np
import keras
from keras import layers, ops


# --- stand-in for `from keras_pos_embd import TrigPosEmbedding` (the library's layer, ported
# to keras.ops; the package is not installed here) ---
class TrigPosEmbedding(layers.Layer):
    MODE_EXPAND = 'expand'
    MODE_ADD = 'add'

    def __init__(self, mode=MODE_ADD, output_dim=None, **kwargs):
        super().__init__(**kwargs)
        self.mode = mode
        self.output_dim = output_dim
        self.supports_masking = True

    def get_config(self):
        config = super().get_config()
        config.update({'mode': self.mode, 'output_dim': self.output_dim})
        return config

    def call(self, inputs):
        seq_len = ops.shape(inputs)[1]
        output_dim = ops.shape(inputs)[2]
        pos = ops.cast(ops.arange(seq_len), 'float32')[:, None]
        evens = ops.cast(ops.arange(output_dim // 2) * 2, 'float32')
        angles = pos / ops.power(10000.0, evens / output_dim)
        embd = ops.reshape(ops.stack([ops.sin(angles), ops.cos(angles)], axis=-1),
                           (seq_len, output_dim))
        return inputs + embd[None, :, :]
# --- end of stand-in ---


# --- stand-in data: 300 sequences of 12 word ids, binary labels ---
rng = np.random.RandomState(0)
x_train = rng.randint(1, 50, size=(300, 12))
y_train = rng.randint(0, 2, size=(300, 1)).astype('float32')
# --- end of stand-in ---

model = keras.models.Sequential()
model.add(keras.Input(shape=(12,)))
model.add(layers.Embedding(input_dim=50, output_dim=8))
model.add(TrigPosEmbedding(mode=TrigPosEmbedding.MODE_ADD, name='Pos-Embd'))
model.add(layers.GlobalAveragePooling1D())
model.add(layers.Dense(1, activation='sigmoid'))
model.compile('adam', 'binary_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=3, batch_size=32)

model_path = 'pos_embd_model.keras'
model.save(model_path)
model = keras.models.load_model(model_path, custom_objects={'TrigPosEmbedding': TrigPosEmbedding})
print(model.predict(x_train[:5]))
