import os
os.environ['CUDA_VISIBLE_DEVICES'] = '0'

import keras
import numpy as np
import tensorflow as tf
from keras import layers


# --- stand-ins (no CamVid download, no cv2, no segmentation_models package here) ---
DATA_DIR = './data/CamVid/'
for d in ('train', 'trainannot', 'val', 'valannot'):
    os.makedirs(os.path.join(DATA_DIR, d), exist_ok=True)
    for k in range(24 if d.startswith('train') else 8):
        open(os.path.join(DATA_DIR, d, '%04d.png' % k), 'w').close()


class cv2:
    COLOR_BGR2RGB = 4

    @staticmethod
    def imread(path, flags=1):
        rng = np.random.RandomState(abs(hash(os.path.basename(path))) % (2 ** 31))
        if flags == 0:
            return rng.randint(0, 12, (64, 64)).astype(np.uint8)  # class ids per pixel
        return rng.randint(0, 256, (64, 64, 3)).astype(np.uint8)

    @staticmethod
    def cvtColor(image, code):
        return image[..., ::-1]


class sm:
    '''the parts of segmentation_models the tutorial uses: a small Unet and the losses and metrics
    of segmentation_models/base/functional.py written with the TensorFlow backend'''
    SMOOTH = 1e-5

    @staticmethod
    def Unet(backbone_name, classes=1, activation='sigmoid'):
        inp = keras.Input((None, None, 3))
        c1 = layers.Conv2D(16, 3, padding='same', activation='relu')(inp)
        p1 = layers.MaxPooling2D()(c1)
        c2 = layers.Conv2D(32, 3, padding='same', activation='relu')(p1)
        u1 = layers.UpSampling2D()(c2)
        m1 = layers.Concatenate()([u1, c1])
        c3 = layers.Conv2D(16, 3, padding='same', activation='relu')(m1)
        out = layers.Conv2D(classes, 1, activation=activation)(c3)
        return keras.Model(inp, out)

    class losses:
        @staticmethod
        def DiceLoss():
            def dice_loss(gt, pr):
                tp = tf.reduce_sum(gt * pr, axis=[0, 1, 2])
                fp = tf.reduce_sum(pr, axis=[0, 1, 2]) - tp
                fn = tf.reduce_sum(gt, axis=[0, 1, 2]) - tp
                return 1 - tf.reduce_mean((2 * tp + sm.SMOOTH) / (2 * tp + fn + fp + sm.SMOOTH))
            return dice_loss

    class metrics:
        @staticmethod
        def IOUScore(threshold=None):
            def iou_score(gt, pr):
                if threshold is not None:
                    pr = tf.cast(tf.greater(pr, threshold), keras.backend.floatx())
                axes = [0, 1, 2]
                intersection = tf.reduce_sum(gt * pr, axis=axes)
                union = tf.reduce_sum(gt + pr, axis=axes) - intersection
                return tf.reduce_mean((intersection + sm.SMOOTH) / (union + sm.SMOOTH))
            return iou_score

        @staticmethod
        def FScore(threshold=None, beta=1):
            def f1_score(gt, pr):
                if threshold is not None:
                    pr = tf.cast(tf.greater(pr, threshold), keras.backend.floatx())
                axes = [0, 1, 2]
                tp = tf.reduce_sum(gt * pr, axis=axes)
                fp = tf.reduce_sum(pr, axis=axes) - tp
                fn = tf.reduce_sum(gt, axis=axes) - tp
                score = ((1 + beta ** 2) * tp + sm.SMOOTH) / ((1 + beta ** 2) * tp + beta ** 2 * fn + fp + sm.SMOOTH)
                return tf.reduce_mean(score)
            return f1_score
# --- end of stand-ins ---

x_train_dir = os.path.join(DATA_DIR, 'train')
y_train_dir = os.path.join(DATA_DIR, 'trainannot')

x_valid_dir = os.path.join(DATA_DIR, 'val')
y_valid_dir = os.path.join(DATA_DIR, 'valannot')


# classes for data loading and preprocessing
class Dataset:
    """CamVid Dataset. Read images, apply augmentation and preprocessing transformations."""
    
    CLASSES = ['sky', 'building', 'pole', 'road', 'pavement', 
               'tree', 'signsymbol', 'fence', 'car', 
               'pedestrian', 'bicyclist', 'unlabelled']
    
    def __init__(
            self, 
            images_dir, 
            masks_dir, 
            classes=None, 
            augmentation=None, 
            preprocessing=None,
    ):
        self.ids = sorted(os.listdir(images_dir))
        self.images_fps = [os.path.join(images_dir, image_id) for image_id in self.ids]
        self.masks_fps = [os.path.join(masks_dir, image_id) for image_id in self.ids]
        
        # convert str names to class values on masks
        self.class_values = [self.CLASSES.index(cls.lower()) for cls in classes]
        
        self.augmentation = augmentation
        self.preprocessing = preprocessing
    
    def __getitem__(self, i):
        
        # read data
        image = cv2.imread(self.images_fps[i])
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        mask = cv2.imread(self.masks_fps[i], 0)
        
        # extract certain classes from mask (e.g. cars)
        masks = [(mask == v) for v in self.class_values]
        mask = np.stack(masks, axis=-1).astype('uint8')
        
        # add background if mask is not binary
        if mask.shape[-1] != 1:
            background = 1 - mask.sum(axis=-1, keepdims=True)
            mask = np.concatenate((mask, background), axis=-1)
        
        return image, mask
        
    def __len__(self):
        return len(self.ids)
    
    
class Dataloder(keras.utils.Sequence):
    """Load data from dataset and form batches"""
    
    def __init__(self, dataset, batch_size=1, shuffle=False):
        super().__init__()
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.indexes = np.arange(len(dataset))

        self.on_epoch_end()

    def __getitem__(self, i):
        
        # collect batch data
        start = i * self.batch_size
        stop = (i + 1) * self.batch_size
        data = []
        for j in range(start, stop):
            data.append(self.dataset[j])
        
        # transpose list of lists
        batch = [np.stack(samples, axis=0) for samples in zip(*data)]
        
        return tuple(batch)
    
    def __len__(self):
        """Denotes the number of batches per epoch"""
        return len(self.indexes) // self.batch_size
    
    def on_epoch_end(self):
        """Callback function to shuffle indexes each epoch"""
        if self.shuffle:
            self.indexes = np.random.permutation(self.indexes)   


BACKBONE = 'efficientnetb3'
BATCH_SIZE = 8
CLASSES = ['car']
LR = 0.0001
EPOCHS = 2

# define network parameters
n_classes = 1 if len(CLASSES) == 1 else (len(CLASSES) + 1)  # case for binary and multiclass segmentation
activation = 'sigmoid' if n_classes == 1 else 'softmax'

#create model
model = sm.Unet(BACKBONE, classes=n_classes, activation=activation)

# define optomizer
optim = keras.optimizers.Adam(LR)

# Segmentation models losses can be combined together by '+' and scaled by integer or float factor
dice_loss = sm.losses.DiceLoss()

metrics = [sm.metrics.IOUScore(threshold=0.5), sm.metrics.FScore(threshold=0.5)]

# compile keras model with defined optimozer, loss and metrics
model.compile(optim, dice_loss, metrics=metrics)

# Dataset for train images
train_dataset = Dataset(x_train_dir, y_train_dir, classes=CLASSES)

# Dataset for validation images
valid_dataset = Dataset(x_valid_dir, y_valid_dir, classes=CLASSES)

train_dataloader = Dataloder(train_dataset, batch_size=BATCH_SIZE, shuffle=True)
valid_dataloader = Dataloder(valid_dataset, batch_size=1, shuffle=False)

# check shapes for errors
assert train_dataloader[0][0].shape == (BATCH_SIZE, 64, 64, 3)
assert train_dataloader[0][1].shape == (BATCH_SIZE, 64, 64, n_classes)

# define callbacks for learning rate scheduling and best checkpoints saving
callbacks = [
    keras.callbacks.ModelCheckpoint('./best_model.weights.h5', save_weights_only=True, save_best_only=True, mode='min'),
    keras.callbacks.ReduceLROnPlateau(),
]

# train model
history = model.fit(
    train_dataloader, 
    steps_per_epoch=len(train_dataloader), 
    epochs=EPOCHS, 
    callbacks=callbacks, 
    validation_data=valid_dataloader, 
    validation_steps=len(valid_dataloader),
)
