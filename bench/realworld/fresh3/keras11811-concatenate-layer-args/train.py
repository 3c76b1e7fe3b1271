import numpy as np
from keras.layers import Input, Conv2D, MaxPooling2D, Concatenate, Lambda, Flatten, Dense, Dropout
from keras.models import Model
from keras.ops import squeeze

# sentences as 50 word vectors of 30 dimensions, 3 classes (synthetic)
sequence_length = 50
embedding_dim = 30
num_filters = 64
x_train = np.random.rand(240, sequence_length, embedding_dim, 1).astype("float32")
y_train = np.eye(3)[np.random.randint(0, 3, 240)]

inputs = Input(shape=(sequence_length, embedding_dim, 1))

conv2d_5 = Conv2D(num_filters, kernel_size=(5, embedding_dim), activation='relu')(inputs)
conv2d_out5 = MaxPooling2D(pool_size=(sequence_length - 5 + 1, 1))(conv2d_5)
conv2d_6 = Conv2D(num_filters, kernel_size=(6, embedding_dim), activation='relu')(inputs)
conv2d_out6 = MaxPooling2D(pool_size=(sequence_length - 6 + 1, 1))(conv2d_6)
conv2d_7 = Conv2D(num_filters, kernel_size=(7, embedding_dim), activation='relu')(inputs)
conv2d_out7 = MaxPooling2D(pool_size=(sequence_length - 7 + 1, 1))(conv2d_7)


cat_conv = Concatenate([conv2d_out7,conv2d_out6,conv2d_out5],axis=3)
print(cat_conv.shape)
squeezed_cat_conv = Lambda(lambda x: squeeze(x, axis=2))(cat_conv)

x = Flatten()(squeezed_cat_conv)
x = Dropout(0.5)(x)
preds = Dense(3, activation='softmax')(x)

model = Model(inputs, preds)
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(x_train, y_train, batch_size=32, epochs=2)
