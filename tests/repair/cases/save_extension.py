import numpy as np
import keras

x = np.random.rand(30, 4).astype("float32")
y = np.random.rand(30, 1).astype("float32")
reg = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
reg.compile(optimizer="adam", loss="mse")
ckpt = keras.callbacks.ModelCheckpoint("best_model.h5", save_weights_only=True, save_best_only=False)
reg.fit(x, y, epochs=1, callbacks=[ckpt], verbose=0)
reg.save("final_model")
