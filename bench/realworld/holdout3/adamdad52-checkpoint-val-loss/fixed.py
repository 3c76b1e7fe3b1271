"""
Retrain the YOLO model for your own dataset.
"""

import numpy as np
import keras.backend as K
from keras.layers import Input, Lambda, Conv2D, Reshape
from keras.models import Model
from keras import ops
from keras.optimizers import Adam
from keras.callbacks import ModelCheckpoint, ReduceLROnPlateau, EarlyStopping
import os

os.environ["CUDA_VISIBLE_DEVICES"] = "0"

# --- stand-ins for the dataset files and the yolo3 package (synthetic, small) ---
os.makedirs('model_data', exist_ok=True)
with open('model_data/car_classes.txt', 'w') as f:
    f.write('car\n')
with open('model_data/yolo_anchors.txt', 'w') as f:
    f.write('10,13, 16,30, 33,23, 30,61, 62,45, 59,119, 116,90, 156,198, 373,326')
for name, count in (('car_train.txt', 64), ('car_val.txt', 16)):
    with open(name, 'w') as f:
        for k in range(count):
            x, y = np.random.randint(0, 40, 2)
            f.write('images/{}_{}.jpg {},{},{},{},0\n'.format(name[:-4], k, x, y, x + 20, y + 20))


def yolo_body(image_input, num_anchors, num_classes):
    '''small stand-in for the MobileNet YOLOv3 body: three output scales (strides 32, 16, 8)'''
    x = Conv2D(8, 3, strides=2, padding='same', activation='relu')(image_input)
    x = Conv2D(16, 3, strides=2, padding='same', activation='relu')(x)
    x8 = Conv2D(16, 3, strides=2, padding='same', activation='relu')(x)
    x16 = Conv2D(16, 3, strides=2, padding='same', activation='relu')(x8)
    x32 = Conv2D(16, 3, strides=2, padding='same', activation='relu')(x16)
    outs = []
    for feat in (x32, x16, x8):
        y = Conv2D(num_anchors * (num_classes + 5), 1)(feat)
        outs.append(Reshape((feat.shape[1], feat.shape[2], num_anchors, num_classes + 5))(y))
    return Model(image_input, outs)


def yolo_loss(args, anchors, num_classes, ignore_thresh=.5):
    '''stand-in loss: squared error between each output scale and its y_true'''
    num_layers = len(anchors) // 3
    yolo_outputs = args[:num_layers]
    y_true = args[num_layers:]
    loss = 0
    for l in range(num_layers):
        loss += ops.mean(ops.square(yolo_outputs[l] - y_true[l]), axis=[1, 2, 3, 4])
    return ops.expand_dims(loss, -1)


def get_random_data(annotation_line, input_shape, random=True):
    '''random image for the annotation line, and its boxes'''
    line = annotation_line.split()
    h, w = input_shape
    image = np.random.rand(h, w, 3).astype('float32')
    box = np.array([np.array(list(map(int, b.split(',')))) for b in line[1:]])
    return image, box


def preprocess_true_boxes(true_boxes, input_shape, anchors, num_classes):
    '''y_true at the three scales (objectness 1 in the cell holding each box centre)'''
    h, w = input_shape
    m = true_boxes.shape[0]
    y_true = [np.zeros((m, h // {0: 32, 1: 16, 2: 8}[l], w // {0: 32, 1: 16, 2: 8}[l], 3, 5 + num_classes),
                       dtype='float32') for l in range(3)]
    for b in range(m):
        x1, y1, x2, y2, c = true_boxes[b, 0]
        for l in range(3):
            g = y_true[l].shape[1]
            i, j = int((y1 + y2) / 2 / h * g), int((x1 + x2) / 2 / w * g)
            y_true[l][b, i, j, 0, 4] = 1
            y_true[l][b, i, j, 0, 5 + c] = 1
    return y_true
# --- end of stand-ins ---


def _main():
    train_path = 'car_train.txt'
    val_path = 'car_val.txt'
    log_dir = 'logs/carMobilenet/001_Mobilenet_finetune/'
    classes_path = 'model_data/car_classes.txt'
    anchors_path = 'model_data/yolo_anchors.txt'
    class_names = get_classes(classes_path)
    num_classes = len(class_names)
    anchors = get_anchors(anchors_path)

    input_shape = (64,64) # multiple of 32, hw

    model = create_model(input_shape, anchors, num_classes,load_pretrained=False,
                         weights_path='logs/carMobilenet/000_Mobilenet_finetune/trained_weights_final.h5',
        freeze_body=2) # make sure you know what you freeze

    checkpoint = ModelCheckpoint(log_dir + 'ep{epoch:03d}-loss{loss:.3f}-val_loss{val_loss:.3f}.weights.h5',
        monitor='val_loss', save_weights_only=True, save_best_only=True)
    reduce_lr = ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=3, verbose=1)
    early_stopping = EarlyStopping(monitor='val_loss', min_delta=0, patience=10, verbose=1)

    with open(train_path) as t_f:
        t_lines = t_f.readlines()
    np.random.seed(10101)
    np.random.shuffle(t_lines)
    np.random.seed(None)
    v_lines = t_lines[8000:]
    t_lines = t_lines[:8000]
    num_train = len(t_lines)
    with open(val_path) as v_f:
        v_lines = v_f.readlines()
    np.random.seed(10010)
    np.random.shuffle(v_lines)
    np.random.seed(None)
    num_val = len(v_lines)

    # Train with frozen layers first, to get a stable loss.
    # Adjust num epochs to your dataset. This step is enough to obtain a not bad model.
    if True:
        model.compile(optimizer=Adam(learning_rate=1e-3), loss={
            # use custom yolo_loss Lambda layer.
            'yolo_loss': lambda y_true, y_pred: y_pred})

        batch_size = 16
        print('Train on {} samples, val on {} samples, with batch size {}.'.format(num_train, num_val, batch_size))
        model.fit(data_generator_wrapper(t_lines, batch_size, input_shape, anchors, num_classes),
                steps_per_epoch=max(1, num_train//batch_size),
                validation_data=data_generator_wrapper(v_lines, batch_size, input_shape, anchors, num_classes),
                validation_steps=max(1, num_val//batch_size),
                epochs=2,
                initial_epoch=0,
                callbacks=[checkpoint])
        model.save_weights(log_dir + 'trained_weights_stage_1.weights.h5')

    # Unfreeze and continue training, to fine-tune.
    # Train longer if the result is not good.
    if True:
        print("Unfreeze and continue training, to fine-tune.")
        for i in range(len(model.layers)):
            model.layers[i].trainable= True
        model.compile(optimizer=Adam(learning_rate=1e-4), loss={'yolo_loss': lambda y_true, y_pred: y_pred}) # recompile to apply the change
        batch_size = 16 # note that more GPU memory is required after unfreezing the body
        print('Train on {} samples, val on {} samples, with batch size {}.'.format(num_train, num_val, batch_size))
        model.fit(data_generator_wrapper(t_lines, batch_size, input_shape, anchors, num_classes),
            steps_per_epoch=max(1, num_train//batch_size),
            validation_data=data_generator_wrapper(v_lines, batch_size, input_shape, anchors, num_classes),
            validation_steps=max(1, num_val//batch_size),
            epochs=2,
            initial_epoch=0,
            callbacks=[checkpoint, reduce_lr, early_stopping])
        model.save_weights(log_dir + 'trained_weights_final.weights.h5')

    # Further training if needed.


def get_classes(classes_path):
    '''loads the classes'''
    with open(classes_path) as f:
        class_names = f.readlines()
    class_names = [c.strip() for c in class_names]
    return class_names

def get_anchors(anchors_path):
    '''loads the anchors from a file'''
    with open(anchors_path) as f:
        anchors = f.readline()
    anchors = [float(x) for x in anchors.split(',')]
    return np.array(anchors).reshape(-1, 2)


def create_model(input_shape, anchors, num_classes, load_pretrained=False, freeze_body=2,
            weights_path='model_data/yolo_weights.h5'):
    '''create the training model'''
    K.clear_session() # get a new session
    image_input = Input(shape=(input_shape[0], input_shape[1], 3))
    h, w = input_shape
    num_anchors = len(anchors)

    y_true = [Input(shape=(h//{0:32, 1:16, 2:8}[l], w//{0:32, 1:16, 2:8}[l], \
        num_anchors//3, num_classes+5)) for l in range(3)]

    model_body = yolo_body(image_input, num_anchors//3, num_classes)
    print('Create YOLOv3 model with {} anchors and {} classes.'.format(num_anchors, num_classes))

    model_loss = Lambda(yolo_loss, output_shape=(1,), name='yolo_loss',
        arguments={'anchors': anchors, 'num_classes': num_classes, 'ignore_thresh': 0.5})(
        [*model_body.output, *y_true])
    model = Model([model_body.input, *y_true], model_loss)

    return model

def data_generator(annotation_lines, batch_size, input_shape, anchors, num_classes):
    '''data generator for fit_generator'''
    n = len(annotation_lines)
    i = 0
    while True:
        image_data = []
        box_data = []
        for b in range(batch_size):
            if i==0:
                np.random.shuffle(annotation_lines)
            image, box = get_random_data(annotation_lines[i], input_shape, random=True)
            image_data.append(image)
            box_data.append(box)
            i = (i+1) % n
        image_data = np.array(image_data)
        box_data = np.array(box_data)
        y_true = preprocess_true_boxes(box_data, input_shape, anchors, num_classes)
        yield (image_data, *y_true), np.zeros(batch_size)

def data_generator_wrapper(annotation_lines, batch_size, input_shape, anchors, num_classes):
    n = len(annotation_lines)
    if n==0 or batch_size<=0: return None
    return data_generator(annotation_lines, batch_size, input_shape, anchors, num_classes)

if __name__ == '__main__':
    _main()
