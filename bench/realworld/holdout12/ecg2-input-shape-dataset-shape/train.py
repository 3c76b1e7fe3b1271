import numpy as np
import os
import keras
import tensorflow as tf
from keras import layers, Input
from keras.models import Sequential
from keras.callbacks import EarlyStopping
from tensorflow.math import confusion_matrix


# sklearn is not installed here: a seeded stand-in of train_test_split for two arrays
def train_test_split(X, y, test_size=0.2):
	idx = np.random.default_rng(0).permutation(len(X))
	n_test = int(round(len(X) * test_size))
	test, train = idx[:n_test], idx[n_test:]
	return X[train], X[test], y[train], y[test]


def Load_Data(File):
	# the MIT-BIH beats file '{File}.hdf5' (five groups of 128-sample beats, written by
	# Preprocessing.py) replaced by seeded beats of the same layout
	rng = np.random.default_rng(1 if 'Test' in File else 0)
	sizes = {'Normal': 120, 'Sup': 50, 'Ven': 50, 'Fusion': 40, 'Unknown': 40}
	t = np.linspace(0, 1, 128)
	File = {name: (np.sin(2 * np.pi * (k + 1) * t) + rng.normal(0, 0.3, (n, 128))).astype('float32')
			for k, (name, n) in enumerate(sizes.items())}
	Normal = File['Normal']
	Sup = File['Sup']
	Ven = File['Ven']
	Fusion = File['Fusion']
	Unknown = File['Unknown']
	return Normal, Sup, Ven, Fusion, Unknown

def create_labels(N, S, V, F, U):
	N_Labels = np.zeros(len(N), dtype=int)
	S_Labels = np.ones(len(S), dtype=int)
	V_Labels = np.full((len(V)), 2, dtype=int)
	F_Labels = np.full((len(F)), 3, dtype=int)
	U_Labels = np.full((len(U)), 4, dtype=int)

	N_Labels = np.reshape(N_Labels, (-1, 1))
	S_Labels = np.reshape(S_Labels, (-1, 1))
	V_Labels = np.reshape(V_Labels, (-1, 1))
	F_Labels = np.reshape(F_Labels, (-1, 1))
	U_Labels = np.reshape(U_Labels, (-1, 1))

	return N_Labels, S_Labels, V_Labels, F_Labels, U_Labels

def preprocessing(Dimension=None, File=None):
	N, S, V, F, U = Load_Data(File=File)
	NSet, SSet, VSet, FSet, USet = N[:], S[:], V[:], F[:], U[:]
	N_L, S_L, V_L, F_L, U_L = create_labels(NSet, SSet, VSet, FSet, USet)

	if Dimension is not None:
		N_L = np.reshape(N_L, (-1, 1))
		S_L = np.reshape(S_L, (-1, 1))
		V_L = np.reshape(V_L, (-1, 1))
		F_L = np.reshape(F_L, (-1, 1))
		U_L = np.reshape(U_L, (-1, 1))
	Dataset = np.concatenate((NSet, SSet, VSet, FSet, USet), axis=0)
	Labels = np.concatenate((N_L, S_L, V_L, F_L, U_L), axis=0)

	return Dataset, Labels

def ANN(input_shape=None):
	if input_shape is None:
		raise ("Input shape size for traning!")
	model = Sequential()
	model.add(layers.Dense(128, activation='relu', input_shape=(input_shape)))
	model.add(layers.Dense(128, activation='relu'))
	model.add(layers.Dense(68, activation='relu'))
	model.add(layers.Dense(32, activation='relu'))
	model.add(layers.Dense(16, activation='relu'))
	model.add(layers.Dense(5, activation='softmax'))
	model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
	return model

def plotting(his):
	# matplotlib is not installed here: the curves are printed instead of plotted
	print("Train Loss", his.history['loss'])
	print("Validation Loss", his.history['val_loss'])
	print("Train Accuracy", his.history['accuracy'])
	print("Validation Accuracy", his.history['val_accuracy'])

def main():
	clear = lambda: None  # os.system('cls') in the original (a Windows console clear)

	#Load training dataset format hdf5
	Path = 'Dataset(Train)'
	Dataset, Labels = preprocessing(File=Path)


	#Train and Validation Dataset Split into 80 | 10
	X_train, X_validation, y_train, y_validation = train_test_split(Dataset, Labels, test_size=0.2)

	#Early stopping for prevent overfitting
	earlystop = keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0.001, patience=20, mode='min', restore_best_weights=True)

	input_shape = X_train.shape
	batch_size = 128
	epoch = 2

	#Model
	model = ANN(input_shape=input_shape)

	clear()
	model.summary()

	weight_path = 'AnnWeight.h5'

	#Evaulate testing dataset
	if os.path.exists(weight_path):
		model.load_weights(weight_path)
		path = 'Dataset(Test)'
		Data, Label = preprocessing(File=path)
		loss, acc = model.evaluate(Data, Label)
	#Training training dataset
	else:
		history = model.fit(X_train, y_train, batch_size = batch_size, epochs=epoch, verbose=1, callbacks=[earlystop],
	 						validation_data=(X_validation, y_validation))

		plotting(history) #Plot loss and accuracy of training

		# model.save('AnnWeight.h5') #Save training weight  (left out: no files are written)


if __name__ == '__main__':
	main()
