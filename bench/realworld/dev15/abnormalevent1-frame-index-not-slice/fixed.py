''' The training Module to train the SpatioTemporal AutoEncoder

Run:

>>python3 train.py n_epochs(enter integer)     to begin training.

Author: Harsh Tiku

(harshtikuu/Abnormal_Event_Detection: train.py with model.py before a67a2f7, in one file.
training.npy, the (227, 227, n) stack of grayscale frames written by processor.py, is made
here from a seed (23 frames); processor.py, which train.py imports but does not use and which
parses its own command line at import, is left out; n_epochs is 1 instead of a command-line
argument; the model is saved under a temporary folder.)
'''

import os
import tempfile

from keras.layers import Conv3D,ConvLSTM2D,Conv3DTranspose
from keras.models import Sequential
import numpy as np


def load_model():
	"""
	Return the model used for abnormal event 
	detection in videos using spatiotemporal autoencoder

	"""
	model=Sequential()
	model.add(Conv3D(filters=128,kernel_size=(11,11,1),strides=(4,4,1),padding='valid',input_shape=(227,227,10,1),activation='tanh'))
	model.add(Conv3D(filters=64,kernel_size=(5,5,1),strides=(2,2,1),padding='valid',activation='tanh'))

	model.add(ConvLSTM2D(filters=64,kernel_size=(3,3),strides=1,padding='same',dropout=0.4,recurrent_dropout=0.3,return_sequences=True))

	model.add(ConvLSTM2D(filters=32,kernel_size=(3,3),strides=1,padding='same',dropout=0.3,return_sequences=True))

	model.add(ConvLSTM2D(filters=64,kernel_size=(3,3),strides=1,return_sequences=True, padding='same',dropout=0.5))

	model.add(Conv3DTranspose(filters=128,kernel_size=(5,5,1),strides=(2,2,1),padding='valid',activation='tanh'))
	model.add(Conv3DTranspose(filters=1,kernel_size=(11,11,1),strides=(4,4,1),padding='valid',activation='tanh'))

	model.compile(optimizer='adam',loss='mean_squared_error',metrics=['accuracy'])

	return model


rng=np.random.default_rng(0)
np.save(os.path.join(tempfile.gettempdir(),'training.npy'),rng.normal(0.0,1.0,(227,227,23)).astype('float32'))

X_train=np.load(os.path.join(tempfile.gettempdir(),'training.npy'))
frames=X_train.shape[2]
#Need to make number of frames divisible by 10


frames=frames-frames%10

X_train=X_train[:,:,:frames]
X_train=X_train.reshape(-1,227,227,10)
X_train=np.expand_dims(X_train,axis=4)

Y_train=X_train.copy()



epochs=1
batch_size=1



if __name__=="__main__":

	model=load_model()


	print('Model has been loaded')

	model.fit(X_train,Y_train,batch_size=batch_size,epochs=epochs)

	model.save(os.path.join(tempfile.mkdtemp(),'AnomalyDetector.h5'))
