import os
from datetime import datetime
import tensorflow as tf
import numpy as np
import json

# --- stand-ins: the files 4.2.2 preprocessing wrote (word ids 1..vocab_size, 0 = padding;
# data_configs.json with the vocabulary size) and sklearn's train_test_split ---
DATA_IN_PATH = './data_in/'
os.makedirs(DATA_IN_PATH, exist_ok=True)
_ids = np.random.randint(1, 301, (400, 8))
_ids[:, 0] = 300
np.save(DATA_IN_PATH + 'nsmc_train_input.npy', _ids)
np.save(DATA_IN_PATH + 'nsmc_train_label.npy', np.random.randint(0, 2, 400))
json.dump({'vocab_size': 300}, open(DATA_IN_PATH + 'data_configs.json', 'w'))


def train_test_split(input_data, label_data, test_size, random_state):
    idx = np.random.RandomState(random_state % (2 ** 32)).permutation(len(input_data))
    n_test = int(len(input_data) * test_size)
    return (input_data[idx[n_test:]], input_data[idx[:n_test]],
            label_data[idx[n_test:]], label_data[idx[:n_test]])
# --- end of stand-ins ---

DATA_OUT_PATH = './data_out/'
INPUT_TRAIN_DATA = 'nsmc_train_input.npy'
LABEL_TRAIN_DATA = 'nsmc_train_label.npy'
DATA_CONFIGS = 'data_configs.json'

input_data = np.load(open(DATA_IN_PATH + INPUT_TRAIN_DATA, 'rb'))
label_data = np.load(open(DATA_IN_PATH + LABEL_TRAIN_DATA, 'rb'))
prepro_configs = json.load(open(DATA_IN_PATH + DATA_CONFIGS, 'r'))

TEST_SPLIT = 0.1
RNG_SEED = 13371447
VOCAB_SIZE = prepro_configs['vocab_size']+1
EMB_SIZE = 128
BATCH_SIZE = 16
NUM_EPOCHS = 3

input_train, input_eval, label_train, label_eval = train_test_split(input_data, label_data, test_size=TEST_SPLIT, random_state=RNG_SEED)

def mapping_fn(X, Y):
    input, label = {'x': X}, Y
    return input, label

def train_input_fn():
    dataset = tf.data.Dataset.from_tensor_slices((input_train, label_train))
    dataset = dataset.shuffle(buffer_size=len(input_train))
    dataset = dataset.batch(BATCH_SIZE)
    dataset = dataset.map(mapping_fn)
    return dataset

def eval_input_fn():
    dataset = tf.data.Dataset.from_tensor_slices((input_eval, label_eval))
    dataset = dataset.shuffle(buffer_size=len(input_eval))
    dataset = dataset.batch(16)
    dataset = dataset.map(mapping_fn)
    return dataset

def model_fn():
    features = {'x': tf.keras.Input(shape=(input_train.shape[1],), name='x')}

    embedding_layer = tf.keras.layers.Embedding(
                    VOCAB_SIZE,
                    EMB_SIZE)(features['x'])

    dropout_emb = tf.keras.layers.Dropout(rate = 0.2)(embedding_layer)
    
    conv = tf.keras.layers.Conv1D(
           filters=32,
           kernel_size=3,
           padding='same',
           activation=tf.nn.relu)(dropout_emb)
  
    pool = tf.keras.layers.GlobalMaxPool1D()(conv)

    hidden = tf.keras.layers.Dense(units=250, activation=tf.nn.relu)(pool)   

    dropout_hidden = tf.keras.layers.Dropout(rate=0.2)(hidden)
    logits = tf.keras.layers.Dense(units=1)(dropout_hidden)

    model = tf.keras.Model(features, logits)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.001),
                  loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[tf.keras.metrics.BinaryAccuracy(name='acc', threshold=0.0)])
    return model

est = model_fn()

time_start = datetime.utcnow()
print("Experiment started at {}".format(time_start.strftime("%H:%M:%S")))
print(".......................................") 

est.fit(train_input_fn(), epochs=NUM_EPOCHS)

time_end = datetime.utcnow()
print(".......................................")
print("Experiment finished at {}".format(time_end.strftime("%H:%M:%S")))
print("")
time_elapsed = time_end - time_start
print("Experiment elapsed time: {} seconds".format(time_elapsed.total_seconds()))

valid = est.evaluate(eval_input_fn())
