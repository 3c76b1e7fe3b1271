from keras.layers import Input, Dense
from keras.models import Model
import numpy as np

# MNIST digits flattened to 784 pixels in [0, 1] (synthetic)
x_train = np.random.rand(400, 784).astype('float32')
x_test = np.random.rand(100, 784).astype('float32')

num_hidden = 16
num_col_img = 28
num_row_img = 28
num_all_img = num_col_img*num_row_img

input_img = Input(shape=(num_all_img, ))
op_encode = Dense(num_hidden, activation='relu')(input_img)
op_decode = Dense(num_all_img, activation='sigmoid')(op_encode)
autoencoder = Model(inputs=input_img, outputs=op_decode)
autoencoder.compile(optimizer='adadelta', loss='binary_crossentropy')

autoencoder.fit(x_train, x_train,
                epochs=3,
                batch_size=64,
                shuffle=True,
                validation_data=(x_test, x_test))
