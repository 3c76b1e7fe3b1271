import os

import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.layers import BatchNormalization
from tensorflow.keras.callbacks import ModelCheckpoint

# Boston housing: 13 features, a price to regress (synthetic)
X_train = np.random.rand(404, 13).astype("float32")
y_train = (np.random.rand(404) * 50).astype("float32")
X_valid = np.random.rand(102, 13).astype("float32")
y_valid = (np.random.rand(102) * 50).astype("float32")

model = Sequential()
model.add(Dense(32, input_shape=(13,), activation="relu"))
model.add(BatchNormalization())
model.add(Dense(16, activation="relu"))
model.add(BatchNormalization())
model.add(Dropout(0.2))
model.add(Dense(1, activation="linear"))
model.compile(loss="mean_squared_error", optimizer="adam")

output_dir = "model_output/"
run_name = "regression_baseline"
output_path = output_dir + run_name
if not os.path.exists(output_path):
    os.makedirs(output_path)

modelcheckpoint = ModelCheckpoint(output_path + "/weights.{epoch:02d}.weights.h5",  # decimal integers
                                  save_weights_only=True)  # otherwise full model is saved

model.fit(X_train, y_train,
          batch_size=8, epochs=3, verbose=1,
          validation_data=(X_valid, y_valid),
          callbacks=[modelcheckpoint])
