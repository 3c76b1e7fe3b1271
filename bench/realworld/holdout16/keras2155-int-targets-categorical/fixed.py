import numpy as np
import numpy.random as nr

from keras.utils import to_categorical
from keras.layers import Input, Dense, Dropout
from keras.layers import BatchNormalization
from keras.models import Sequential

np.random.seed(0)

X = np.random.randn(600, 500)
y = np.random.randint(0, 64, size=(600, 1))
y = to_categorical(y, 64)

test = Sequential()
test.add(Input(shape=(500, )))

test.add(Dense(1024, activation='relu'))
test.add(Dropout(0.5))
test.add(BatchNormalization())

test.add(Dense(64, activation='softmax'))

test.compile('adam', 'categorical_crossentropy')
test.fit(X, y)
