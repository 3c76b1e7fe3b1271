# Two inputs x1, x2 give y1 through a dense layer; y1 and a third input x3 give y2.
#
#  x1  x2  x3
#   \  /   /
#    y1   /
#     \  /
#      y2
import numpy as np
from keras.models import Sequential
from keras.layers import Concatenate, Dense
from keras.optimizers import Adagrad

# --- stand-in data: 240 samples; x1/x2 come as the 2-column input of the first branch,
# the second branch takes one column, x3 one column; three binary targets ---
rng = np.random.RandomState(0)
x12 = rng.rand(240, 2).astype('float32')
x2b = rng.rand(240, 1).astype('float32')
x3 = rng.rand(240, 1).astype('float32')
y = (rng.rand(240, 3) > 0.5).astype('float32')
# --- end of stand-in ---

first = Sequential()
first.add(Dense(1, input_shape=(2,), activation='sigmoid'))

second = Sequential()
second.add(Dense(1, input_shape=(1,), activation='sigmoid'))

third = Sequential()
# of course you must provide the input to result which will be your x3
third.add(Dense(1, input_shape=(1,), activation='sigmoid'))

# lets say you add a few more layers to first and second.
# concatenate them
merged = Concatenate([first, second])

# then concatenate the two outputs
result = Concatenate([merged, third])

ada_grad = Adagrad(learning_rate=0.1, epsilon=1e-08)

result.compile(optimizer=ada_grad, loss='binary_crossentropy', metrics=['accuracy'])

result.fit([x12, x2b, x3], y, epochs=3, batch_size=32)
