import numpy as np
from keras.models import Model
from keras.layers import Input, Dense

# synthetic stand-in for the notebook's digit features
X_train = np.random.rand(300, 64).astype('float32')
y_train = np.random.randint(0, 10, size=(300,))
X_test = np.random.rand(50, 64).astype('float32')

inputs = Input(shape=(64,))
x = Dense(32, activation='relu')(inputs)
outputs = Dense(10, activation='softmax')(x)
model = Model(inputs, outputs)
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(X_train, y_train, epochs=1, batch_size=32)

predictions = model.predict(X_test, verbose=1)
model.predict_classes(predictions, verbose=1)
