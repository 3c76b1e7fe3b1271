import numpy as np
import tensorflow as tf

SHUFFLE_BUFFER = 500
BATCH_SIZE = 2

# the heart.csv download (read with pandas, not installed here) replaced by a dict of seeded
# columns with the same numeric features and 0/1 target
rng = np.random.default_rng(0)
N = 60
df = dict({
    'age': rng.integers(29, 78, N),
    'thalach': rng.integers(71, 203, N),
    'trestbps': rng.integers(94, 201, N),
    'chol': rng.integers(126, 565, N),
    'oldpeak': np.round(rng.uniform(0.0, 6.2, N), 1),
    'target': rng.integers(0, 2, N),
})

target = df.pop('target')

numeric_feature_names = ['age', 'thalach', 'trestbps',  'chol', 'oldpeak']
numeric_features = {name: df[name] for name in numeric_feature_names}

numeric_dict_ds = tf.data.Dataset.from_tensor_slices((dict(numeric_features), target))

def stack_dict(inputs, fun=tf.stack):
  values = []
  for key in sorted(inputs.keys()):
    values.append(tf.cast(inputs[key], tf.float32))

  return fun(values, axis=-1)

class MyModel(tf.keras.Model):
  def __init__(self):
    # Create all the internal layers in init.
    super().__init__()

    self.normalizer = tf.keras.layers.Normalization(axis=-1)

    self.seq = tf.keras.Sequential([
      self.normalizer,
      tf.keras.layers.Dense(10, activation='relu'),
      tf.keras.layers.Dense(10, activation='relu'),
      tf.keras.layers.Dense(1)
    ])

  def adapt(self, inputs):
    # Stack the inputs and `adapt` the normalization layer.
    inputs = stack_dict(inputs)
    self.normalizer.adapt(inputs)

  def call(self, inputs):
    # Stack the inputs
    inputs = stack_dict(inputs)
    # Run them through all the layers.
    result = self.seq(inputs)

    return result

model = MyModel()

model.adapt(dict(numeric_features))

model.compile(optimizer='adam',
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=['accuracy'],
              run_eagerly=True)

model.fit(dict(numeric_features), target, epochs=2, batch_size=BATCH_SIZE)

numeric_dict_batches = numeric_dict_ds.shuffle(SHUFFLE_BUFFER).batch(BATCH_SIZE)
model.fit(numeric_dict_batches, epochs=2)

model.predict({name: column[:3] for name, column in numeric_features.items()})
