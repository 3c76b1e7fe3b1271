"""
@来源: <机器视觉之TensorFlow2入门原理与应用实战>配套代码 code_08_densenet121.py
"""
# 引入基础
import os
import numpy as np
from collections import Counter
import tensorflow as tf

# 引入Keras库
from tensorflow.keras.callbacks import ModelCheckpoint, ReduceLROnPlateau
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.applications.densenet import DenseNet121, preprocess_input
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Model
import tensorflow.keras.backend as kb

# 定义数据集的基本参数
batch_size = 12  # 批次大小
image_dimension = 32  # 统一变形的形状大小

class_names = "Atelectasis,Cardiomegaly,Consolidation,Edema,Effusion,Emphysema,Fibrosis,Hernia,Infiltration,Mass,Nodule,Pleural_Thickening,Pneumonia,Pneumothorax".split(",")


# the chest X-ray images and csv label files read with ImageDataGenerator.flow_from_dataframe
# (pandas and ImageDataGenerator are not available here) replaced by seeded images and
# multi-hot labels served in batches, with the iterator attributes the script uses
class FrameIterator(tf.keras.utils.PyDataset):
    def __init__(self, n, batch_size, seed, shuffle=True):
        super().__init__()
        rng = np.random.default_rng(seed)
        self.n = n
        self.batch_size = batch_size
        self.class_indices = {name: i for i, name in enumerate(sorted(class_names))}
        self.classes = [sorted({i % len(class_names)} | set(rng.choice(len(class_names), rng.integers(0, 2)).tolist()))
                        for i in range(n)]
        self.images = rng.uniform(0, 255, (n, image_dimension, image_dimension, 3)).astype('float32')
        self.labels = np.zeros((n, len(class_names)), dtype='float32')
        for i, one in enumerate(self.classes):
            self.labels[i, one] = 1.0
        self.filenames = ['%08d_000.png' % i for i in range(n)]

    def __len__(self):
        return int(np.ceil(self.n / self.batch_size))

    def __getitem__(self, idx):
        sl = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        return preprocess_input(self.images[sl].copy()), self.labels[sl]


# 制作训练数据集
train_generator = FrameIterator(24, batch_size=batch_size, seed=0)

# 制作测试数据集
validation_generator = FrameIterator(12, batch_size=batch_size, seed=1, shuffle=False)

print("测试数据集中的class：", validation_generator.classes[:8])

print(train_generator.filenames[:2])  # 打印两个图片名称

# 输出对样本分析后的结果
print(f"共{train_generator.n}条样本，共分为{len(train_generator.class_indices)}类，\
      分别是{train_generator.class_indices}，批次为{train_generator.batch_size}。")

# 统计每类病例中，正向样本的个数
countclass = Counter(np.concatenate(train_generator.classes))  # 类别总个数
for oneclass in sorted(train_generator.class_indices.keys()):
    countkey = train_generator.class_indices[oneclass]
    print(oneclass, countclass[countkey])  # 病兆名称及其样本数量


# 只有互斥才会考虑均衡。1-14个类彼此不互斥。所以没有均衡问题。
def get_single_class_weight(pos_counts, total_counts):
    denominator = (total_counts - pos_counts) + pos_counts
    return {
        0: pos_counts / denominator,  # 计算正样本比例
        1: (denominator - pos_counts) / denominator,  # 计算负样本比例
    }


class_weights = [get_single_class_weight(countclass[key],
                                         train_generator.n) for key in sorted(countclass.keys())]

# 打印每个分类的正负样本比例
for oneclass in sorted(train_generator.class_indices.keys()):
    print(oneclass, class_weights[train_generator.class_indices[oneclass]])

#####################模型部分################################
output_dir = "./traincpkmodel/1"  # 保存训练模型输出目录
output_weights_name = 'weights.weights.h5'  # 保存模型文件名
epochs = 1  # 训练次数
output_weights_file = os.path.join(output_dir, output_weights_name)  # 拼接模型路径
print(f"**输出的模型文件为: {output_weights_file} **")

# 构建输出目录
if not os.path.isdir(output_dir):
    os.makedirs(output_dir)  # 创建模型输出目录


# 定义函数，构建模型
def get_model(class_names, model_name="DenseNet121",
              train_weights_path=None, input_shape=None, weights="imagenet"):
    if train_weights_path is not None:  # 不加载预训练模型权重
        weights = None

    # 加载预训练模型，原有1000个神经元的全连接层替换为有14个神经元的全连接层
    base_DenseNet121_model = DenseNet121(
        include_top=False,  # 不加载最后一层
        weights=weights,
        input_shape=input_shape,
        pooling="avg")  # 平均池化
    x = base_DenseNet121_model.output
    predictions = Dense(len(class_names), activation="sigmoid", name="predictions")(x)  # 14个神经元的全连接层
    model = Model(inputs=base_DenseNet121_model.input, outputs=predictions, name='my' + model_name)  # 函数式API构建模型

    # 再加载训练的模型
    if train_weights_path is not None:
        print(f"load model weights_path: {train_weights_path}")
        model.load_weights(train_weights_path)
    return model


# 定义模型路径
model_weights_file = os.path.join(output_dir, output_weights_name)  # 输出模型路径
if os.path.exists(model_weights_file) == False:
    model_weights_file = None

print("** 加载模型:", model_weights_file)
model_train = get_model(
    train_generator.class_indices.keys(),
    weights=None,  # 预训练模型
    train_weights_path=model_weights_file,  # 本地模型
    input_shape=(image_dimension, image_dimension, 3))  # 输入图片大小


def myacc(y_true, y_pred):  # 实现基于样本的准确率评估函数
    threshold = 0.5  # 分类阈值
    y_pred = tf.cast(y_pred >= threshold, y_pred.dtype)  # 布尔类型转float类型
    ret = kb.mean(tf.cast(tf.equal(y_true, y_pred), 'float32'), axis=-1)  # 每行统计，如果全正确，则为1，否则小于1
    return kb.mean(tf.cast(tf.equal(ret, 1), 'float32'))  # 统计当前批次正确率


# 实现基于单个分类的准确率评估函数
def funfactory(index):
    def get_one_metric(y_true, y_pred):
        threshold = tf.cast(0.5, y_pred.dtype)  # 分类阈值
        y_pred = tf.cast(y_pred > threshold, y_pred.dtype)  # 如果预测值大于分类阈值，转换成1，否则转换成0
        # 沿着index列获取切片
        indexarray = tf.ones([batch_size], dtype=tf.int32) * index  # 列表，batch_size个元素，值全都是index
        # 堆叠成二维列表[[0 index] [1 index]......[batch_size-1index]]的形式
        indices = tf.stack([tf.range(batch_size), indexarray], axis=1)
        it = tf.gather_nd(y_true, indices)  # 根据切片索引获得分数
        ip = tf.gather_nd(y_pred, indices)  # 根据切片索引获得分数
        score = kb.mean(tf.cast(tf.equal(it, ip), 'float32'), axis=-1)
        return score

    return get_one_metric  # 返回一个评估函数


def get_metrics():  # 所有评估函数
    funlist = []  # 列表，保存函数用
    for i in range(len(train_generator.class_indices)):
        onefun = funfactory(i)  # 调用自定义的基于单个分类的准确率评估函数
        onefun.__name__ = onefun.__name__ + str(i)  # 添加函数名称
        funlist.append(onefun)  # 追加到列表
    funlist.append('accuracy')  # 添加准确率评估函数
    funlist.append(myacc)  # 添加自定义的评估函数
    return funlist


funlist = get_metrics()  # 调用评估函数
print(funlist)

###############################

initial_learning_rate = 0.01  # 学习率
optimizer = Adam(learning_rate=initial_learning_rate)

model_train.compile(optimizer=optimizer, loss="binary_crossentropy",
                    metrics=funlist)  # 多个二分类

########################回调
checkpoint = ModelCheckpoint(
    output_weights_file,  # 输出模型文件
    # monitor = 'val_loss',  默认的监测值就是val_loss，可以直接注释掉
    save_weights_only=True,  # 只保存权重
    save_best_only=True,  # 只保存在验证集上性能最好的模型
    verbose=1)  # 用进度条显示

patience_reduce_lr = 1  # 触发退化学习判断次数
min_lr = 2e-6  # 最小学习率
callbacks = [  # 回调函数列表
    checkpoint,  # 检查点回调函数
    ReduceLROnPlateau(monitor='val_loss',  # 监测对象
                      factor=0.5,  # 学习率减少因子
                      patience=patience_reduce_lr,  # 触发退化学习判断次数
                      verbose=1,  # 进度条显示
                      mode="auto",  # 判定退化学习率的条件
                      min_lr=min_lr), ]  # 最小学习率

print("** 开始训练 **")

H = model_train.fit(
    train_generator,  # 训练数据集生成器
    epochs=epochs,  # 训练次数
    validation_data=validation_generator,  # 测试数据集生成器
    callbacks=callbacks,  # 回调函数列表
    class_weight=class_weights  #类别比例
)

print(sorted(H.history.keys()))
print("train_loss", H.history["loss"], "val_loss", H.history["val_loss"])
