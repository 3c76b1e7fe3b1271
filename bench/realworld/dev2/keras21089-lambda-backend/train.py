import numpy as np
from keras import backend as K
from keras.layers import Conv1D, Dense, GlobalMaxPooling1D, Input, Lambda
from keras.models import Model

# tabular features treated as a 1-D signal (the reporter's data is not in the thread)
x = np.random.rand(320, 24).astype("float32")
y = np.random.randint(0, 2, 320)

features = Input(shape=(24,))
features_expand_dims = Lambda(lambda x: K.expand_dims(x, axis=-1))(features)
h = Conv1D(16, 3, activation="relu")(features_expand_dims)
h = GlobalMaxPooling1D()(h)
out = Dense(1, activation="sigmoid")(h)
model = Model(features, out)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=3, batch_size=32)
