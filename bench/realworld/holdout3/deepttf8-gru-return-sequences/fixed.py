import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import Masking
from keras.layers import GRU
from keras.layers import Lambda
from keras import callbacks
from keras import ops as k
from keras.optimizers import Adam
from keras.callbacks import History

np.random.seed(2)


class wtte:
    """Stand-ins for the two wtte-rnn functions the notebook uses (wtte is not installed here)."""

    @staticmethod
    def output_lambda(x, init_alpha=1.0, max_beta_value=5.0, alpha_kernel_scalefactor=None):
        a = x[:, 0]
        b = x[:, 1]
        if alpha_kernel_scalefactor is not None:
            a = alpha_kernel_scalefactor * a
        a = init_alpha * k.exp(a)
        if max_beta_value > 1.05:
            b = b - np.log(max_beta_value - 1.0)
        b = max_beta_value * k.sigmoid(b)
        return k.stack([a, b], axis=1)

    class loss:
        def __init__(self, kind='discrete', reduce_loss=True):
            self.kind = kind
            self.reduce_loss = reduce_loss

        def loss_function(self, y_true, y_pred):
            y_ = y_true[:, 0]
            u_ = y_true[:, 1]
            a_ = y_pred[:, 0]
            b_ = y_pred[:, 1]
            hazard0 = k.power((y_ + 1e-10) / a_, b_)
            hazard1 = k.power((y_ + 1.0) / a_, b_)
            return -1 * (u_ * k.log(k.exp(hazard1 - hazard0) - (1.0 - 1e-10)) - hazard1)


# engine sensor histories (synthetic stand-in for the turbofan data: 12 engines, 5 sensors)
def build_data(n_engines, max_time, d, mask_value):
    # y[0] will be days remaining, y[1] will be event indicator, always 1 for this data
    out_y = []
    out_x = []
    for i in range(n_engines):
        max_engine_time = np.random.randint(15, 30)
        engine_x = np.random.uniform(-1, 1, (max_engine_time, d))
        for j in range(0, max_engine_time):
            out_y.append(np.array((max_engine_time - j, 1), ndmin=2))
            xtemp = np.zeros((1, max_time, d))
            xtemp += mask_value
            xtemp[:, max_time-min(j, max_time-1)-1:max_time, :] = engine_x[max(0, j-max_time+1):j+1, :]
            out_x.append(xtemp)
    return np.concatenate(out_x), np.concatenate(out_y)


# # Configurable observation look-back period for each engine/day
max_time = 30
mask_value = -99

train_x, train_y = build_data(12, max_time, 5, mask_value)
test_x, test_y = build_data(3, max_time, 5, mask_value)

print('train_x', train_x.shape, 'train_y', train_y.shape, 'test_x', test_x.shape, 'test_y', test_y.shape)

tte_mean_train = np.nanmean(train_y[:,0])
mean_u = np.nanmean(train_y[:,1])

# Initialization value for alpha-bias 
init_alpha = -1.0/np.log(1.0-1.0/(tte_mean_train+1.0) )
init_alpha = init_alpha/mean_u
print('tte_mean_train', tte_mean_train, 'init_alpha: ',init_alpha,'mean uncensored train: ',mean_u)

history = History()
nanterminator = callbacks.TerminateOnNaN()

n_features = train_x.shape[-1]

# Start building our model
model = Sequential()

# Mask parts of the lookback period that are all zeros (i.e., unobserved) so they don't skew the model
model.add(Masking(mask_value=mask_value, input_shape=(None, n_features)))

# LSTM is just a common type of RNN. You could also try anything else (e.g., GRU).
model.add(GRU(20, activation='tanh', recurrent_dropout=0.25, return_sequences=True))
model.add(GRU(40, activation = 'tanh'))

# We need 2 neurons to output Alpha and Beta parameters for our Weibull distribution
model.add(Dense(2))

# Apply the custom activation function mentioned above
model.add(Lambda(wtte.output_lambda, 
                 arguments={"init_alpha":init_alpha, 
                            "max_beta_value":100.0, 
                            "alpha_kernel_scalefactor":0.5
                           },
                ))

# Use the discrete log-likelihood for Weibull survival data as our loss function
loss = wtte.loss(kind='discrete',reduce_loss=False).loss_function

model.compile(loss=loss, optimizer=Adam(learning_rate=.01, clipvalue=0.5))

model.summary()

model.fit(train_x, train_y,
              epochs=3,
              batch_size=100, 
              verbose=1,
              validation_data=(test_x, test_y),
              callbacks=[nanterminator,history])

# Make some predictions and put them alongside the real TTE and event indicator values
test_predict = model.predict(test_x)
print(test_predict[:5])
