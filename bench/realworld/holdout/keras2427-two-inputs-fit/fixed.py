import numpy as np
from keras.layers import Dense, Input, concatenate
from keras.models import Model

left_input = Input(shape=(784,))
left_branch = Dense(32)(left_input)

right_input = Input(shape=(784,))
right_branch = Dense(32)(right_input)

merged = concatenate([left_branch, right_branch])
output = Dense(10, activation="softmax")(merged)
final_model = Model(inputs=[left_input, right_input], outputs=output)

input1 = np.random.random((100, 784))
input2 = np.random.random((100, 784))
target1 = np.random.random((100, 10))

final_model.compile("rmsprop", "categorical_crossentropy")
final_model.fit(x=[input1, input2], y=target1, batch_size=32, epochs=2)
