import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Embedding, Bidirectional, LSTM, Dense

# synthetic stand-in for the tokenized, padded sentences: each row is a word-index
# sequence; X is the sequence without its last word, Y the last word (the next word)
num = 200  # vocabulary size
max_len = 12
rng = np.random.RandomState(0)
sequences = rng.randint(1, num, size=(453, max_len))
X = sequences[:, :-1]
Y = sequences[:, -1:]

model = tf.keras.Sequential()
model.add(Embedding(num,64,input_length = max_len-1))   # we subtract 1 coz we cropped the laste word from X in out data
model.add(Bidirectional(LSTM(32)))
model.add(Dense(num,activation = 'softmax'))


model.compile(optimizer = 'adam',loss = 'categorical_crossentropy',metrics = ['accuracy'])

history = model.fit(X,Y,epochs = 3)
