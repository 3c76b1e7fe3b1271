# Two inputs x1, x2 give y1 through a dense layer; y1 and a third input x3 give y2.
#
#  x1  x2  x3
#   \  /   /
#    y1   /
#     \  /
#      y2
import numpy as np
from keras.models import Model
from keras.layers import Dense, Input, concatenate
from keras.optimizers import Adagrad

# --- stand-in data: 240 samples; x1/x2 come as the 2-column input of the first branch,
# the second branch takes one column, x3 one column; three binary targets ---
rng = np.random.RandomState(0)
x12 = rng.rand(240, 2).astype('float32')
x2b = rng.rand(240, 1).astype('float32')
x3 = rng.rand(240, 1).astype('float32')
y = (rng.rand(240, 3) > 0.5).astype('float32')
# --- end of stand-in ---

first_input = Input(shape=(2,))
first_dense = Dense(1, activation='sigmoid')(first_input)

second_input = Input(shape=(1,))
second_dense = Dense(1, activation='sigmoid')(second_input)

# concatenate them
merge_one = concatenate([first_dense, second_dense])

# then concatenate the two outputs with the third input
third_input = Input(shape=(1,))
merge_two = concatenate([merge_one, third_input])

model = Model(inputs=[first_input, second_input, third_input], outputs=merge_two)

ada_grad = Adagrad(learning_rate=0.1, epsilon=1e-08)

model.compile(optimizer=ada_grad, loss='binary_crossentropy', metrics=['accuracy'])

model.fit([x12, x2b, x3], y, epochs=3, batch_size=32)
