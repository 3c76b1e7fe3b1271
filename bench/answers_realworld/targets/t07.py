import numpy as np
from keras.models import Sequential
from keras.layers import Dropout, Flatten, Dense

epochs = 2
batch_size = 16

# synthetic stand-in for np.load(open('bottleneck_features_train.npy'))
train_data = np.random.rand(942, 4, 4, 512).astype("float32")
train_labels = np.array([0] * 499 + [1] * 443)

validation_data = np.random.rand(204, 4, 4, 512).astype("float32")
validation_labels = np.array([0] * 101 + [1] * 103)

model = Sequential()
model.add(Flatten(input_shape=train_data.shape[1:]))
model.add(Dense(256, activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(2, activation='softmax'))

model.compile(optimizer='rmsprop',
              loss='categorical_crossentropy', metrics=['accuracy'])

model.fit(train_data, train_labels,
          epochs=epochs,
          batch_size=batch_size,
          validation_data=(validation_data, validation_labels))
model.save_weights('bottleneck_fc_model.weights.h5')
