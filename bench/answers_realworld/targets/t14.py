import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout, Activation
from tensorflow.keras import optimizers

np.random.seed(3)

# synthetic stand-in for ImageDataGenerator(...).flow_from_directory('./train', target_size=(150, 150), ...)
train_x = np.random.rand(64, 150, 150, 3).astype('float32')
train_y = np.random.randint(0, 2, size=(64,)).astype('float32')
test_x = np.random.rand(16, 150, 150, 3).astype('float32')
test_y = np.random.randint(0, 2, size=(16,)).astype('float32')

# 앞서 배운 CNN 모델을 만들어 적용해 보겠습니다.
model = Sequential()
model.add(Conv2D(32, (3, 3), input_shape=(150, 150, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))

model.add(Conv2D(32, (3, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))

model.add(Flatten())
model.add(Dense(64))
model.add(Activation('relu'))
model.add(Dropout(0.5))
model.add(Dense(1))
model.add(Activation('sigmoid'))

model.compile(loss='binary_crossentropy', optimizer=optimizers.Adam(learning_rate=0.0002), metrics=['accuracy'])

history = model.fit(train_x, train_y, epochs=2, batch_size=16, validation_data=(test_x, test_y))

# 결과를 그래프로 표현하는 부분입니다. (plot replaced by print)
acc = history.history['accuracy']
val_acc = history.history['val_accuracy']
y_vloss = history.history['val_loss']
y_loss = history.history['loss']

x_len = np.arange(len(y_loss))
for i in x_len:
    print(i, acc[i], val_acc[i], y_vloss[i], y_loss[i])
