import numpy as np
from keras.layers import Dense, Dropout
from keras.models import Model, Sequential
from keras.optimizers import SGD


class SAE(object):
    """Stacked denoising autoencoders, pretrained layer by layer."""

    def __init__(self, dims, act="relu", drop_rate=0.2, batch_size=64):
        self.dims = dims
        self.n_stacks = len(dims) - 1
        self.activation = act
        self.drop_rate = drop_rate
        self.batch_size = batch_size
        self.stacks = [self.make_stack(i) for i in range(self.n_stacks)]

    def make_stack(self, ith):
        in_out_dim = self.dims[ith]
        hidden_dim = self.dims[ith + 1]
        output_act = "linear" if ith == 0 else self.activation
        hidden_act = "linear" if ith == self.n_stacks - 1 else self.activation
        model = Sequential()
        model.add(Dropout(self.drop_rate, input_shape=(in_out_dim,)))
        model.add(Dense(units=hidden_dim, activation=hidden_act, name="encoder_%d" % ith))
        model.add(Dropout(self.drop_rate))
        model.add(Dense(units=in_out_dim, activation=output_act, name="decoder_%d" % ith))
        return model

    def pretrain_stacks(self, x, epochs=200):
        features = x
        for i in range(self.n_stacks):
            print("Pretraining the %dth layer..." % (i + 1))
            for j in range(3):  # learning rate multiplies 0.1 every 'epochs/3' epochs
                self.stacks[i].compile(optimizer=SGD(pow(10, -1 - j), momentum=0.9), loss="mse")
                self.stacks[i].fit(features, features, batch_size=self.batch_size, epochs=int(epochs / 3))
            feature_model = Model(
                inputs=self.stacks[i].inputs,
                outputs=self.stacks[i].get_layer("encoder_%d" % i).output,
            )
            features = feature_model.predict(features)

    def fit(self, x, epochs=200):
        self.pretrain_stacks(x, epochs=int(epochs / 2))


x = np.random.rand(512, 64).astype("float32") / 0.5
sae = SAE(dims=[x.shape[-1], 32, 8])
sae.fit(x, epochs=6)
