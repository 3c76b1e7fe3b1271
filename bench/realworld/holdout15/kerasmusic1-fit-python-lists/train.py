# Music gerenation with Keras and TF.ipynb (subpath/Keras_music_gereration, before 15df820),
# code cells in order as one script. mido is not installed here: a small stand-in below
# yields the note_on messages of a seeded synthetic piano track and keeps written tracks in
# memory. Keras 2 arguments that are not the bug: Adam(lr=) -> learning_rate=, the checkpoint
# is a .keras file under a temporary folder, period=5 is gone and so is monitor='val_acc'
# (unused with save_best_only=False, refused by Keras 3 with mode='auto'); 2 epochs, 20 steps.
import os
import tempfile

import numpy as np


class _Msg:
    def __init__(self, data, time=0):
        self.data = [int(v) for v in data]
        self.is_meta = False
        self.channel = self.data[0] & 0x0F
        self.type = "note_on" if self.data[0] & 0xF0 == 0x90 else "other"
        self.time = time

    def bytes(self):
        return list(self.data)


class _MidoStandIn:
    class MidiFile:
        def __init__(self, path=None):
            self.tracks = []
            self._msgs = []
            if path is not None:
                rng = np.random.default_rng(0)
                for _ in range(140):
                    self._msgs.append(_Msg([0x90, rng.integers(48, 84), rng.integers(0, 110)]))

        def __iter__(self):
            return iter(self._msgs)

        def save(self, filename):
            self.saved_as = filename

    class MidiTrack(list):
        pass

    class Message:
        @staticmethod
        def from_bytes(data):
            return _Msg(data)


mido = _MidoStandIn
MidiFile, MidiTrack, Message = mido.MidiFile, mido.MidiTrack, mido.Message

from keras.layers import LSTM, Dense, Activation, Dropout, Flatten
from keras.preprocessing import sequence
from keras.models import Sequential
from keras.optimizers import Adam
from keras.callbacks import ModelCheckpoint

mid = MidiFile('Samples/Nintendo_-_Pokemon_Fire_Red_Route_1_Piano_Cover_Hard_Version.mid')
notes = []
velocities = []

for msg in mid:
    if not msg.is_meta:
        if msg.channel == 0:
            if msg.type == 'note_on':
                data = msg.bytes()
                # append note and velocity from [type, note, velocity]
                note = data[1]
                velocity = data[2]
                notes.append(note)
                velocities.append(velocity)
combine = [[i,j] for i,j in zip(notes, velocities) ]

note_min = np.min(notes)
note_max = np.max(notes)
velocities_min = np.min(velocities)
velocities_max = np.max(velocities)

for i in combine:
    i[0] = 2*(i[0]-((note_min+note_max)/2))/(note_max-note_min)
    i[1] = 2*(i[1]-((velocities_min+velocities_max)/2))/(velocities_max-velocities_min)

X = []
Y = []
n_prev = 30
for i in range(len(combine)-n_prev):
    x = combine[i:i+n_prev]
    y = combine[i+n_prev]
    X.append(x)
    Y.append(y)
# save a seed to do prediction later
seed = combine[0:n_prev]

model = Sequential()
model.add(LSTM(256, input_shape=(n_prev, 2), return_sequences=True))
model.add(Dropout(0.6))
model.add(LSTM(128, input_shape=(n_prev, 2), return_sequences=True))
model.add(Dropout(0.6))
model.add(LSTM(64, input_shape=(n_prev, 2), return_sequences=False))
model.add(Dropout(0.6))
model.add(Dense(2))
model.add(Activation('linear'))
optimizer = Adam(learning_rate=0.001)
model.compile(loss='mse', optimizer=optimizer)
filepath = os.path.join(tempfile.mkdtemp(), "checkpoint_model_{epoch:02d}.keras")
model_save_callback = ModelCheckpoint(filepath,
                                      verbose=1, save_best_only=False,
                                      mode='auto')

model.fit(X, Y, 32, 2, verbose=1, callbacks=[model_save_callback])

prediction = []
x = seed
x = np.expand_dims(x, axis=0)

for i in range(20):
    preds = model.predict(x)
    x = np.squeeze(x)
    x = np.concatenate((x, preds))
    x = x[1:]
    x = np.expand_dims(x, axis=0)
    preds = np.squeeze(preds)
    prediction.append(preds)

for pred in prediction:
# Undo the preprocessing
    pred[0] = int((pred[0]/2)*(note_max-note_min) + (note_min+note_max)/2)
    pred[1] = int((pred[1]/2)*(velocities_max-velocities_min) + (velocities_min+velocities_max)/2)
    if pred[0] < 24:
        pred[0] = 24
    elif pred[0] > 102:
        pred[0] = 102
    if pred[1] < 0:
        pred[1] = 0
    elif pred[1] > 127:
        pred[1] = 127

mid = MidiFile()
track = MidiTrack()

t = 0
for note in prediction:
    # 147 means note_on
    note = np.asarray([147, note[0], note[1]])
    bytes = note.astype(int)
    msg = Message.from_bytes(bytes[0:3])
    t += 1
    msg.time = t
    track.append(msg)

mid.tracks.append(track)
mid.save('Generated_song_epoch =10.mid')
print("generated", len(track), "notes")
