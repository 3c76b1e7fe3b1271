"""
Usage example of EEG-Inception with an ERP-based BCI dataset from:


Download the dataset from:
https://www.kaggle.com/esantamaria/gibuva-erpbci-dataset

"""

#%% IMPORT LIBRARIES
import numpy as np
import os
from tensorflow import keras
from tensorflow.keras.layers import Activation, Input, Flatten
from tensorflow.keras.layers import Dropout, BatchNormalization
from tensorflow.keras.layers import Conv2D, AveragePooling2D, DepthwiseConv2D
from tensorflow.keras.layers import Dense
from tensorflow.keras.constraints import max_norm
from tensorflow.keras.callbacks import EarlyStopping

os.environ["CUDA_VISIBLE_DEVICES"]="-1"


# --- stand-ins: the GIB-UVa ERP dataset (data.hdf5: 128-sample x 8-channel epochs and
# their 0/1 ERP labels), sklearn's OneHotEncoder, and EEGInception.py from this folder ---
rng = np.random.RandomState(0)
np.savez('data.npz', features=rng.randn(200, 128, 8).astype('float32'),
         erp_labels=rng.randint(0, 2, 200))


class OneHotEncoder:
    def __init__(self, handle_unknown='error'):
        self.handle_unknown = handle_unknown

    def fit_transform(self, labels):
        self.categories_ = np.unique(labels)
        return _Dense((labels == self.categories_[None, :]).astype('float64'))


class _Dense:
    def __init__(self, array):
        self.array = array

    def toarray(self):
        return self.array


def EEGInception(input_time=1000, fs=128, ncha=8, filters_per_branch=8,
                 scales_time=(500, 250, 125), dropout_rate=0.25,
                 activation='elu', n_classes=2, learning_rate=0.001):
    input_samples = int(input_time * fs / 1000)
    scales_samples = [int(s * fs / 1000) for s in scales_time]
    input_layer = Input((input_samples, ncha, 1))
    b1_units = list()
    for i in range(len(scales_samples)):
        unit = Conv2D(filters=filters_per_branch,
                      kernel_size=(scales_samples[i], 1),
                      kernel_initializer='he_normal',
                      padding='same')(input_layer)
        unit = BatchNormalization()(unit)
        unit = Activation(activation)(unit)
        unit = Dropout(dropout_rate)(unit)
        unit = DepthwiseConv2D((1, ncha),
                               use_bias=False,
                               depth_multiplier=2,
                               depthwise_constraint=max_norm(1.))(unit)
        unit = BatchNormalization()(unit)
        unit = Activation(activation)(unit)
        unit = Dropout(dropout_rate)(unit)
        b1_units.append(unit)
    b1_out = keras.layers.concatenate(b1_units, axis=3)
    b1_out = AveragePooling2D((4, 1))(b1_out)
    b2_units = list()
    for i in range(len(scales_samples)):
        unit = Conv2D(filters=filters_per_branch,
                      kernel_size=(int(scales_samples[i]/4), 1),
                      kernel_initializer='he_normal',
                      use_bias=False,
                      padding='same')(b1_out)
        unit = BatchNormalization()(unit)
        unit = Activation(activation)(unit)
        unit = Dropout(dropout_rate)(unit)
        b2_units.append(unit)
    b2_out = keras.layers.concatenate(b2_units, axis=3)
    b2_out = AveragePooling2D((2, 1))(b2_out)
    b3_u1 = Conv2D(filters=int(filters_per_branch*len(scales_samples)/2),
                   kernel_size=(8, 1),
                   kernel_initializer='he_normal',
                   use_bias=False,
                   padding='same')(b2_out)
    b3_u1 = BatchNormalization()(b3_u1)
    b3_u1 = Activation(activation)(b3_u1)
    b3_u1 = AveragePooling2D((2, 1))(b3_u1)
    b3_u1 = Dropout(dropout_rate)(b3_u1)
    b3_u2 = Conv2D(filters=int(filters_per_branch*len(scales_samples)/4),
                   kernel_size=(4, 1),
                   kernel_initializer='he_normal',
                   use_bias=False,
                   padding='same')(b3_u1)
    b3_u2 = BatchNormalization()(b3_u2)
    b3_u2 = Activation(activation)(b3_u2)
    b3_u2 = AveragePooling2D((2, 1))(b3_u2)
    b3_out = Dropout(dropout_rate)(b3_u2)
    output_layer = Flatten()(b3_out)
    output_layer = Dense(n_classes, activation='softmax')(output_layer)
    model = keras.models.Model(inputs=input_layer, outputs=output_layer)
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate, beta_1=0.9,
                                      beta_2=0.999, amsgrad=False)
    model.compile(loss='binary_crossentropy', optimizer=optimizer,
                  metrics=['accuracy'])
    return model
# --- end of stand-ins ---

#%% PARAMETERS

dataset_path = 'data.npz'

#%% HYPERPARAMETERS

input_time = 1000
fs = 128
n_cha = 8
filters_per_branch = 8
scales_time = (500, 250, 125)
dropout_rate = 0.25
activation = 'elu'
n_classes = 2
learning_rate = 0.001

#%% LOAD DATASET
hf = np.load(dataset_path)
features = np.array(hf.get("features"))
erp_labels = np.array(hf.get("erp_labels"))
hf.close()

#%% PREPARE FEATURES AND LABELS
# Reshape epochs for EEG-Inception
features = features.reshape(
    (features.shape[0], features.shape[1],
     features.shape[2], 1)
)


# One hot encoding of labels
def one_hot_labels(caategorical_labels):
    enc = OneHotEncoder(handle_unknown='ignore')
    on_hot_labels = enc.fit_transform(
        caategorical_labels.reshape(-1, 1)).toarray()
    return on_hot_labels


train_erp_labels = one_hot_labels(erp_labels)

#%%  TRAINING
os.environ['TF_FORCE_GPU_ALLOW_GROWTH'] = 'true'

# Create model
model = EEGInception(
    input_time=1000, fs=128, ncha=8, filters_per_branch=8,
    scales_time=(500, 250, 125), dropout_rate=0.25,
    activation='elu', n_classes=2, learning_rate=0.001)

# Print model summary
model.summary()

# Callbacks
early_stopping = EarlyStopping(
    monitor='val_loss', min_delta=0.0001,
    mode='min', patience=10, verbose=1,
    restore_best_weights=True)

# Fit model
fit_hist = model.fit(features,
                     train_erp_labels,
                     epochs=3,
                     batch_size=64,
                     validation_split=0.2,
                     callbacks=[early_stopping])

# Save
model.save('model.keras')
