import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense

# --- stand-in: the scaled customer features (11 columns) and the exited 0/1 labels the
# notebook prepares before building the classifier ---
rng = np.random.RandomState(0)
X_train = rng.randn(300, 11).astype('float32')
y_train = rng.randint(0, 2, 300)
# --- end of stand-in ---

classifier = Sequential()

classifier.add(Dense(output_dim = 6, init = 'uniform', activation = 'relu', input_dim = 11))

classifier.add(Dense(output_dim = 6, init = 'uniform', activation = 'relu'))

classifier.add(Dense(1, activation = 'sigmoid'))

classifier.compile(optimizer = 'adam', loss = 'binary_crossentropy', metrics = ['accuracy'])

classifier.fit(X_train, y_train, batch_size = 10, epochs = 3)
