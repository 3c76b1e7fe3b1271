# pyimagesearch-22-minutes-to-2nd-place.ipynb (jrosebr1/microsoft-dsvm at 36179fa), code cells
# in order as one script (the %%time cell magics removed). Not installed here and not the bug:
# scikit-learn, imutils, progressbar and Pillow (which load_img needs); small stand-ins below
# list 40 seeded Dogs vs. Cats file names, return a seeded 224x224 RGB image for each, encode
# the labels, and fit a logistic regression by gradient descent inside a 3-fold grid search.
# ResNet50 is built with weights=None (the ImageNet weights are a download).
import zlib

# import the necessary packages
from keras.applications import ResNet50
from keras.applications import imagenet_utils
from keras.preprocessing.image import img_to_array
import numpy as np
import random
import os


class paths:
    @staticmethod
    def list_images(root):
        return [os.path.join(root, "%s.%d.jpg" % (("cat", "dog")[k % 2], k)) for k in range(40)]


def load_img(path, target_size=(224, 224)):
    rng = np.random.default_rng(zlib.crc32(path.encode()))
    bright = 150 if "dog" in os.path.basename(path) else 90
    return rng.normal(bright, 40, target_size + (3,)).clip(0, 255).astype("uint8")


class LabelEncoder:
    def fit_transform(self, labels):
        self.classes_ = np.array(sorted(set(labels)))
        return np.searchsorted(self.classes_, labels)


class LogisticRegression:
    def __init__(self, C=1.0):
        self.C = C

    def get_params(self):
        return {"C": self.C}

    def fit(self, X, y):
        X = (X - X.mean(0)) / (X.std(0) + 1e-6)
        self.w, self.b = np.zeros(X.shape[1]), 0.0
        for _ in range(50):
            p = 1 / (1 + np.exp(-np.clip(X @ self.w + self.b, -30, 30)))
            self.w -= 0.1 * (X.T @ (p - y) / len(y) + self.w / (self.C * len(y)))
            self.b -= 0.1 * float(np.mean(p - y))
        return self

    def predict(self, X):
        X = (X - X.mean(0)) / (X.std(0) + 1e-6)
        return (X @ self.w + self.b > 0).astype(int)


class GridSearchCV:
    def __init__(self, estimator, params, cv=3, n_jobs=None):
        self.estimator, self.params, self.cv = estimator, params, cv

    def fit(self, X, y):
        folds = np.array_split(np.arange(len(y)), self.cv)
        scores = {}
        for C in self.params["C"]:
            accs = []
            for k in range(self.cv):
                train = np.concatenate([f for j, f in enumerate(folds) if j != k])
                clf = LogisticRegression(C=C).fit(X[train], y[train])
                accs.append(np.mean(clf.predict(X[folds[k]]) == y[folds[k]]))
            scores[C] = np.mean(accs)
        self.best_params_ = {"C": max(scores, key=scores.get)}
        self.best_estimator_ = LogisticRegression(**self.best_params_).fit(X, y)
        return self

    def predict(self, X):
        return self.best_estimator_.predict(X)


def accuracy_score(y, p):
    return float(np.mean(np.asarray(y) == np.asarray(p)))


def classification_report(y, p, target_names):
    return "\n".join("%s: %d of %d right" % (n, np.sum((p == k) & (y == k)), np.sum(y == k))
                     for k, n in enumerate(target_names))


class progressbar:
    Percentage = Bar = ETA = staticmethod(lambda: "")

    class ProgressBar:
        def __init__(self, maxval, widgets):
            self.maxval = maxval

        def start(self):
            return self

        def update(self, i):
            pass

        def finish(self):
            pass


random.seed(42)

# since we are not using command line arguments (like we typically
# would inside Deep Learning for Computer Vision with Python, let's
# "pretend" we are by using an `args` dictionary -- this will enable
# us to easily reuse and swap out code depending if we are using the
# command line or Jupyter Notebook
args = {
    "dataset": "../datasets/kaggle_dogs_vs_cats/train",
    "batch_size": 32,
}

# store the batch size in a convenience variable
bs = args["batch_size"]

# grab the list of images in the Kaggle Dogs vs. Cats download and
# shuffle them to allow for easy training and testing splits via
# array slicing during training time
imagePaths = list(paths.list_images(args["dataset"]))
random.shuffle(imagePaths)
print(len(imagePaths))

# extract the class labels from the image paths then encode the
# labels
labels = [p.split(os.path.sep)[-1].split(".")[0] for p in imagePaths]
le = LabelEncoder()
labels = le.fit_transform(labels)

# load the ResNet50 network (i.e., the network we'll be using for
# feature extraction)
model = ResNet50(weights=None, include_top=False)

# initialize the progress bar
widgets = ["Extracting Features: ", progressbar.Percentage(), " ",
    progressbar.Bar(), " ", progressbar.ETA()]
pbar = progressbar.ProgressBar(maxval=len(imagePaths),
    widgets=widgets).start()

# initialize our data matrix (where we will store our extracted
# features)
data = None

# loop over the images in batches
for i in np.arange(0, len(imagePaths), bs):
    # extract the batch of images and labels, then initialize the
    # list of actual images that will be passed through the network
    # for feature extraction
    batchPaths = imagePaths[i:i + bs]
    batchLabels = labels[i:i + bs]
    batchImages = []
    
    # loop over the images and labels in the current batch
    for (j, imagePath) in enumerate(batchPaths):
        # load the input image using the Keras helper utility
        # while ensuring the image is resized to 224x224 pixels
        image = load_img(imagePath, target_size=(224, 224))
        image = img_to_array(image)

        # preprocess the image by (1) expanding the dimensions and
        # (2) subtracting the mean RGB pixel intensity from the
        # ImageNet dataset
        image = np.expand_dims(image, axis=0)
        image = imagenet_utils.preprocess_input(image)

        # add the image to the batch
        batchImages.append(image)

    # pass the images through the network and use the outputs as
    # our actual features
    batchImages = np.vstack(batchImages)
    features = model.predict(batchImages, batch_size=bs)

    # reshape the features so that each image is represented by
    # a flattened feature vector of the `MaxPooling2D` outputs
    features = features.reshape((features.shape[0], 2048 * 7 * 7))
    
    # if our data matrix is None, initialize it
    if data is None:
        data = features
    
    # otherwise, stack the data and features together
    else:
        data = np.vstack([data, features])
    
    # update the progress bar
    pbar.update(i)

# finish up the progress bar
pbar.finish()

# show the data matrix shape and amount of memory it consumes
print(data.shape)
print(data.nbytes)

# determine the index of the training and testing split (75% for
# training and 25% for testing)
i = int(data.shape[0] * 0.75)

# define the set of parameters that we want to tune then start a
# grid search where we evaluate our model for each value of C
print("[INFO] tuning hyperparameters...")
params = {"C": [0.0001, 0.001, 0.01, 0.1, 1.0]}
clf = GridSearchCV(LogisticRegression(), params, cv=3, n_jobs=-1)
clf.fit(data[:i], labels[:i])
print("[INFO] best hyperparameters: {}".format(clf.best_params_))

# generate a classification report for the model
print("[INFO] evaluating...")
preds = clf.predict(data[i:])
print(classification_report(labels[i:], preds, target_names=le.classes_))

# compute the raw accuracy with extra precision
acc = accuracy_score(labels[i:], preds)
print("[INFO] score: {}".format(acc))
