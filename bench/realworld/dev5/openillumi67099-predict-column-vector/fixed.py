import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.utils import to_categorical

# stand-in for the MNIST training data: 300 flattened 28x28 digits, labels 0..9
rng = np.random.RandomState(0)
x_train = rng.rand(300, 784).astype('float32')
y_train = to_categorical(rng.randint(0, 10, 300), 10)

model = Sequential()
model.add(Dense(512, input_dim=784, activation='relu'))
model.add(Dropout(0.2))
model.add(Dense(512, activation='relu'))
model.add(Dropout(0.2))
model.add(Dense(10, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(x_train, y_train, batch_size=32, epochs=2)


def request_pixels():
    # stand-in for the web view: the 784 grey values of the digit drawn on the page
    return [float(v) for v in rng.rand(784)]


pixels = request_pixels()
digit = np.array([pixels])
prediction = model.predict(digit)
print('predicted digit:', int(np.argmax(prediction)))
