import tensorflow as tf

data = tf.random.normal((50, 20))
labels = tf.random.normal((50, 2))

inputs = tf.keras.Input(shape=(20,))
hidden = tf.keras.layers.Dense(16, activation='relu')(inputs)
output_1 = tf.keras.layers.Dense(1, name='output_1')(hidden)
output_2 = tf.keras.layers.Dense(1, name='output_2')(hidden)
model = tf.keras.Model(inputs=inputs, outputs=[output_1, output_2])

model.compile(optimizer='adam', loss=['mse', 'mse'])
model.fit(data, labels, epochs=3, batch_size=5)
