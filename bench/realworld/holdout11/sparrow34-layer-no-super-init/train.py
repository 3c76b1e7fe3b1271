import numpy as np
import tensorflow as tf

"""
Diff with DeepFM:
    1. separate categorical features from dense features when processing first order features and second order features
    2. modify original fm part with a fully crossed fm part
"""

# genre features vocabulary
genre_vocab = ['Film-Noir', 'Action', 'Adventure', 'Horror', 'Romance', 'War', 'Comedy', 'Western', 'Documentary',
               'Sci-Fi', 'Drama', 'Thriller',
               'Crime', 'Fantasy', 'Animation', 'IMAX', 'Mystery', 'Children', 'Musical']


# the sample csv files (trainingSamples.csv, testSamples.csv) replaced by seeded rows of the same columns
def make_samples(seed, n):
    rng = np.random.default_rng(seed)
    genres = np.array(genre_vocab)
    features = {
        'movieAvgRating': rng.uniform(1.0, 5.0, n).astype('float32'),
        'movieRatingStddev': rng.uniform(0.0, 1.5, n).astype('float32'),
        'movieRatingCount': rng.integers(1, 5000, n).astype('int32'),
        'userAvgRating': rng.uniform(1.0, 5.0, n).astype('float32'),
        'userRatingStddev': rng.uniform(0.0, 1.5, n).astype('float32'),
        'userRatingCount': rng.integers(1, 500, n).astype('int32'),
        'releaseYear': rng.integers(1950, 2016, n).astype('int32'),
        'movieId': rng.integers(1, 1001, n).astype('int32'),
        'userId': rng.integers(1, 30001, n).astype('int32'),
        'userRatedMovie1': rng.integers(1, 1001, n).astype('int32'),
    }
    for name in ['userGenre1', 'userGenre2', 'userGenre3', 'userGenre4', 'userGenre5',
                 'movieGenre1', 'movieGenre2', 'movieGenre3']:
        features[name] = genres[rng.integers(0, len(genre_vocab), n)]
    label = rng.integers(0, 2, n).astype('int32')
    return features, label


# load sample as tf dataset
def get_dataset(samples):
    features, label = samples
    dataset = tf.data.Dataset.from_tensor_slices((features, label)).shuffle(len(label), seed=0).batch(12)
    return dataset


# split as test dataset and training dataset
train_dataset = get_dataset(make_samples(1, 240))
test_dataset = get_dataset(make_samples(2, 60))


# tf.feature_column and tf.keras.layers.DenseFeatures are not in Keras 3: the same columns
# (identity / vocabulary categorical columns, indicator, embedding and numeric columns) are
# rebuilt below with Keras layers, one set of weights per DenseFeatures call as before
def categorical_column_with_identity(key, num_buckets):
    return ('identity', key, num_buckets)


def categorical_column_with_vocabulary_list(key, vocabulary_list):
    return ('vocabulary', key, vocabulary_list)


def indicator_column(categorical_column):
    return ('indicator', categorical_column)


def embedding_column(categorical_column, dimension):
    return ('embedding', categorical_column, dimension)


def numeric_column(key):
    return ('numeric', key)


def column_name(column):
    if column[0] == 'numeric':
        return column[1]
    return column[1][1] + '_' + column[0]


class DenseFeatures:
    def __init__(self, feature_columns):
        self.feature_columns = feature_columns

    def __call__(self, inputs):
        outputs = []
        for column in sorted(self.feature_columns, key=column_name):
            if column[0] == 'numeric':
                value = tf.keras.ops.cast(inputs[column[1]], 'float32')
                outputs.append(tf.keras.layers.Reshape((1,))(value))
                continue
            kind, key, size = column[1]
            if kind == 'identity':
                ids = inputs[key]
                n_ids = size
            else:
                ids = tf.keras.layers.StringLookup(vocabulary=size, num_oov_indices=0)(inputs[key])
                n_ids = len(size)
            if column[0] == 'indicator':
                outputs.append(tf.keras.layers.CategoryEncoding(num_tokens=n_ids, output_mode='one_hot')(ids))
            else:
                outputs.append(tf.keras.layers.Embedding(n_ids, column[2])(ids))
        if len(outputs) == 1:
            return outputs[0]
        return tf.keras.layers.Concatenate(axis=-1)(outputs)


# define input for keras model
inputs = {
    'movieAvgRating': tf.keras.layers.Input(name='movieAvgRating', shape=(), dtype='float32'),
    'movieRatingStddev': tf.keras.layers.Input(name='movieRatingStddev', shape=(), dtype='float32'),
    'movieRatingCount': tf.keras.layers.Input(name='movieRatingCount', shape=(), dtype='int32'),
    'userAvgRating': tf.keras.layers.Input(name='userAvgRating', shape=(), dtype='float32'),
    'userRatingStddev': tf.keras.layers.Input(name='userRatingStddev', shape=(), dtype='float32'),
    'userRatingCount': tf.keras.layers.Input(name='userRatingCount', shape=(), dtype='int32'),
    'releaseYear': tf.keras.layers.Input(name='releaseYear', shape=(), dtype='int32'),

    'movieId': tf.keras.layers.Input(name='movieId', shape=(), dtype='int32'),
    'userId': tf.keras.layers.Input(name='userId', shape=(), dtype='int32'),
    'userRatedMovie1': tf.keras.layers.Input(name='userRatedMovie1', shape=(), dtype='int32'),

    'userGenre1': tf.keras.layers.Input(name='userGenre1', shape=(), dtype='string'),
    'userGenre2': tf.keras.layers.Input(name='userGenre2', shape=(), dtype='string'),
    'userGenre3': tf.keras.layers.Input(name='userGenre3', shape=(), dtype='string'),
    'userGenre4': tf.keras.layers.Input(name='userGenre4', shape=(), dtype='string'),
    'userGenre5': tf.keras.layers.Input(name='userGenre5', shape=(), dtype='string'),
    'movieGenre1': tf.keras.layers.Input(name='movieGenre1', shape=(), dtype='string'),
    'movieGenre2': tf.keras.layers.Input(name='movieGenre2', shape=(), dtype='string'),
    'movieGenre3': tf.keras.layers.Input(name='movieGenre3', shape=(), dtype='string'),
}

# movie id embedding feature
movie_col = categorical_column_with_identity(key='movieId', num_buckets=1001)
movie_emb_col = embedding_column(movie_col, 10)
movie_ind_col = indicator_column(movie_col)  # movid id indicator columns

# user id embedding feature
user_col = categorical_column_with_identity(key='userId', num_buckets=30001)
user_emb_col = embedding_column(user_col, 10)
user_ind_col = indicator_column(user_col)  # user id indicator columns

# user genre embedding feature
user_genre_col = categorical_column_with_vocabulary_list(key="userGenre1",
                                                         vocabulary_list=genre_vocab)
user_genre_ind_col = indicator_column(user_genre_col)
user_genre_emb_col = embedding_column(user_genre_col, 10)

# item genre embedding feature
item_genre_col = categorical_column_with_vocabulary_list(key="movieGenre1",
                                                         vocabulary_list=genre_vocab)
item_genre_ind_col = indicator_column(item_genre_col)
item_genre_emb_col = embedding_column(item_genre_col, 10)

# fm first-order categorical items
cat_columns = [movie_ind_col, user_ind_col, user_genre_ind_col, item_genre_ind_col]

deep_columns = [numeric_column('releaseYear'),
                numeric_column('movieRatingCount'),
                numeric_column('movieAvgRating'),
                numeric_column('movieRatingStddev'),
                numeric_column('userRatingCount'),
                numeric_column('userAvgRating'),
                numeric_column('userRatingStddev')]

first_order_cat_feature = DenseFeatures(cat_columns)(inputs)
first_order_cat_feature = tf.keras.layers.Dense(1, activation=None)(first_order_cat_feature)
first_order_deep_feature = DenseFeatures(deep_columns)(inputs)
first_order_deep_feature = tf.keras.layers.Dense(1, activation=None)(first_order_deep_feature)
## first order feature

first_order_feature = tf.keras.layers.Add()([first_order_cat_feature, first_order_deep_feature])

second_order_cat_columns_emb = [DenseFeatures([item_genre_emb_col])(inputs),
                                DenseFeatures([movie_emb_col])(inputs),
                                DenseFeatures([user_genre_emb_col])(inputs),
                                DenseFeatures([user_emb_col])(inputs)
                                ]

second_order_cat_columns = []
for feature_emb in second_order_cat_columns_emb:
    feature = tf.keras.layers.Dense(64, activation=None)(feature_emb)
    feature = tf.keras.layers.Reshape((-1, 64))(feature)
    second_order_cat_columns.append(feature)

second_order_deep_columns = DenseFeatures(deep_columns)(inputs)
second_order_deep_columns = tf.keras.layers.Dense(64, activation=None)(second_order_deep_columns)
second_order_deep_columns = tf.keras.layers.Reshape((-1, 64))(second_order_deep_columns)
second_order_fm_feature = tf.keras.layers.Concatenate(axis=1)(second_order_cat_columns + [second_order_deep_columns])

## second_order_deep_feature
deep_feature = tf.keras.layers.Flatten()(second_order_fm_feature)
deep_feature = tf.keras.layers.Dense(32, activation='relu')(deep_feature)
deep_feature = tf.keras.layers.Dense(16, activation='relu')(deep_feature)


class ReduceLayer(tf.keras.layers.Layer):
    def __init__(self, axis, op='sum', **kwargs):
        self.axis = axis
        self.op = op
        assert self.op in ['sum', 'mean']

    def build(self, input_shape):
        pass

    def call(self, input, **kwargs):
        if self.op == 'sum':
            return tf.reduce_sum(input, axis=self.axis)
        elif self.op == 'mean':
            return tf.reduce_mean(input, axis=self.axis)
        return tf.reduce_sum(input, axis=self.axis)


second_order_sum_feature = ReduceLayer(1)(second_order_fm_feature)
second_order_sum_square_feature = tf.keras.layers.multiply([second_order_sum_feature, second_order_sum_feature])
second_order_square_feature = tf.keras.layers.multiply([second_order_fm_feature, second_order_fm_feature])
second_order_square_sum_feature = ReduceLayer(1)(second_order_square_feature)
## second_order_fm_feature
second_order_fm_feature = tf.keras.layers.subtract([second_order_sum_square_feature, second_order_square_sum_feature])

concatenated_outputs = tf.keras.layers.Concatenate(axis=1)([first_order_feature, second_order_fm_feature, deep_feature])
output_layer = tf.keras.layers.Dense(1, activation='sigmoid')(concatenated_outputs)

model = tf.keras.Model(inputs, output_layer)
# compile the model, set loss function, optimizer and evaluation metrics
model.compile(
    loss='binary_crossentropy',
    optimizer='adam',
    metrics=['accuracy', tf.keras.metrics.AUC(curve='ROC'), tf.keras.metrics.AUC(curve='PR')])

# train the model
model.fit(train_dataset, epochs=2)

# evaluate the model
test_loss, test_accuracy, test_roc_auc, test_pr_auc = model.evaluate(test_dataset)
print('\n\nTest Loss {}, Test Accuracy {}, Test ROC AUC {}, Test PR AUC {}'.format(test_loss, test_accuracy,
                                                                                   test_roc_auc, test_pr_auc))

# print some predict results
predictions = model.predict(test_dataset)
for prediction, goodRating in zip(predictions[:12], list(test_dataset)[0][1][:12]):
    print("Predicted good rating: {:.2%}".format(prediction[0]),
          " | Actual rating label: ",
          ("Good Rating" if bool(goodRating) else "Bad Rating"))
