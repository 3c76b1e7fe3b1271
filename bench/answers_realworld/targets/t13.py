from keras.models import Sequential
from keras.layers import Dense

import numpy
import tensorflow as tf

# seed 값 설정
numpy.random.seed(3)
tf.random.set_seed(3)

# synthetic stand-in for pd.read_csv('../dataset/wine.csv', header=None).sample(frac=0.15)
dataset = numpy.random.rand(500, 13)
dataset[:, 12] = (dataset[:, 0] > 0.5).astype(float)
X = dataset[:, 0:12]
Y = dataset[:, 12]

# 모델의 설정
model = Sequential()
model.add(Dense(30, input_dim=12, activation='relu'))
model.add(Dense(12, activation='relu'))
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))

# 모델 컴파일
model.compile(loss='binary_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])

# 모델 실행 및 저장
history = model.fit(X, Y, validation_split=0.33, epochs=3, batch_size=500)

# y_vloss에 테스트셋으로 실험 결과의 오차 값을 저장
y_vloss = history.history['val_loss']

# y_acc 에 학습 셋으로 측정한 정확도의 값을 저장
y_acc = history.history['acc']

# x값을 지정하고 정확도를 파란색으로, 오차를 빨간색으로 표시 (plot replaced by print)
x_len = numpy.arange(len(y_acc))
for i in x_len:
    print(i, y_vloss[i], y_acc[i])
