import argparse
import os

import numpy as np
import yaml
from tensorflow.keras.layers import LSTM as KERAS_LSTM
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.utils import to_categorical

# --- configs/lstm.yaml (written here so that the script runs on its own) ---
LSTM_YAML = '''
model: lstm

# 数据集
data_path: datasets/EMO-DB  # 数据集路径
class_labels: ["angry", "fear", "happy", "neutral", "sad", "surprise"]  # 情感标签
# class_labels: ["positive", "negative", "neutral"]
# class_labels: ["angry", "boredom", "disgust", "fear", "happy", "neutral", "sad"]

# 特征
feature_folder: features/7-category/opensmile_emodb/  # 特征存储文件夹
feature_method: o  # 'o': opensmile, 'l': librosa  # 特征提取方式

# checkpoints
checkpoint_path: checkpoints/  # checkpoint 存储路径
checkpoint_name: LSTM_OPENSMILE_IS10  # checkpoint 文件名

# 训练参数
epochs: 3  # 训练 epoch 数
batch_size: 32  # 批大小
lr: 0.001  # 学习率

# 模型参数
rnn_size: 128  # LSTM 隐藏层大小
hidden_size: 32
dropout: 0.5
'''
os.makedirs('configs', exist_ok=True)
with open('configs/lstm.yaml', 'w', encoding='utf-8') as f:
    f.write(LSTM_YAML)


# --- utils/opts.py ---
class Config:
    """dict -> Class"""
    def __init__(self, entries: dict={}):
        for k, v in entries.items():
            if k != 'params' and isinstance(v, dict):
                self.__dict__[k] = Config(v)
            else:
                self.__dict__[k] = v


def load_config(file_path: str) -> dict:
    f = open(file_path, 'r', encoding = 'utf-8')
    config = yaml.load(f.read(), Loader=yaml.FullLoader)
    return config

def parse_opt():
    parser = argparse.ArgumentParser()
    # config file
    parser.add_argument(
        '--config',
        type = str,
        default = 'configs/lstm.yaml',
        help = 'path to the configuration file (yaml)'
    )
    args = parser.parse_args()
    config_dict = load_config(args.config)
    config = Config(config_dict)

    return config


# --- extract_feats/opensmile.py (stand-in: the EMO-DB IS10 features, 7 emotions) ---
def load_feature(config, train: bool):
    n_feats = 1582
    x = np.random.rand(280, n_feats).astype('float32')
    y = np.random.randint(0, 7, 280)  # EMO-DB: angry, boredom, disgust, fear, happy, neutral, sad
    return x[:224], x[224:], y[:224], y[224:]


# --- models/dnn/dnn.py and models/dnn/lstm.py ---
class DNN:
    def __init__(self, model: Sequential, trained: bool = False) -> None:
        self.model = model
        self.trained = trained
        print(self.model.summary())

    def train(self, x_train, y_train, x_val=None, y_val=None, batch_size: int = 32, n_epochs: int = 20) -> None:
        if x_val is None or y_val is None:
            x_val, y_val = x_train, y_train

        x_train, x_val = self.reshape_input(x_train), self.reshape_input(x_val)

        history = self.model.fit(
            x_train, y_train,
            batch_size = batch_size,
            epochs = n_epochs,
            shuffle = True,  # 每个 epoch 开始前随机排列训练数据
            validation_data = (x_val, y_val)
        )

        # 训练集上的损失和准确率
        acc = history.history["accuracy"]
        loss = history.history["loss"]
        # 验证集上的损失和准确率
        val_acc = history.history["val_accuracy"]
        val_loss = history.history["val_loss"]
        print("acc", acc, "val_acc", val_acc, "loss", loss, "val_loss", val_loss)

        self.trained = True


class LSTM(DNN):
    def __init__(self, model: Sequential, trained: bool = False) -> None:
        super(LSTM, self).__init__(model, trained)

    @classmethod
    def make(cls, input_shape: int, rnn_size: int, hidden_size: int, dropout: float = 0.5,
             n_classes: int = 6, lr: float = 0.001):
        model = Sequential()

        model.add(KERAS_LSTM(rnn_size, input_shape=(1, input_shape)))  # (time_steps = 1, n_feats)
        model.add(Dropout(dropout))
        model.add(Dense(hidden_size, activation='relu'))

        model.add(Dense(n_classes, activation='softmax'))  # 分类层
        optimzer = Adam(learning_rate=lr)
        model.compile(loss='categorical_crossentropy', optimizer=optimzer, metrics=['accuracy'])

        return cls(model)

    def reshape_input(self, data: np.ndarray) -> np.ndarray:
        """二维数组转三维"""
        data = np.reshape(data, (data.shape[0], 1, data.shape[1]))
        return data


# --- models/__init__.py ---
def make(config, n_feats: int):
    if config.model == 'lstm':
        model = LSTM.make(
            input_shape = n_feats,
            rnn_size = config.rnn_size,
            hidden_size = config.hidden_size,
            dropout = config.dropout,
            n_classes = len(config.class_labels),
            lr = config.lr
        )
    return model


# --- train.py ---
def train(config) -> None:
    x_train, x_test, y_train, y_test = load_feature(config, train=True)

    # 搭建模型
    model = make(config=config, n_feats=x_train.shape[1])

    # 训练模型
    print('----- start training', config.model, '-----')
    if config.model in ['lstm', 'cnn1d', 'cnn2d']:
        y_train, y_val = to_categorical(y_train), to_categorical(y_test)  # 独热编码
        model.train(
            x_train, y_train,
            x_test, y_val,
            batch_size = config.batch_size,
            n_epochs = config.epochs
        )
    print('----- end training ', config.model, ' -----')


if __name__ == '__main__':
    config = parse_opt()
    train(config)
