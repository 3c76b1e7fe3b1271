# Hands-On Machine Learning (3rd ed.), chapter 15 "Processing Sequences Using RNNs and CNNs",
# section "Forecasting Multivariate Time Series": bus and rail ridership plus tomorrow's day
# type (one-hot) as inputs, forecasting rail ridership with a SimpleRNN.
import numpy as np
import tensorflow as tf

# --- stand-in for the Chicago Transit Authority ridership CSV read with pandas: 420 seeded ---
# --- days, day_type W (weekday), A (Saturday), U (Sunday/holiday), bus and rail boardings   ---
rng = np.random.RandomState(42)
n_days = 420
weekday = np.arange(n_days) % 7
day_type = np.where(weekday < 5, "W", np.where(weekday == 5, "A", "U"))
bus = 0.8e6 + 0.2e6 * (weekday < 5) + 3e4 * rng.randn(n_days)
rail = 0.5e6 + 0.3e6 * (weekday < 5) + 3e4 * rng.randn(n_days)


def get_dummies(values, categories):
    # pd.get_dummies: one column per category, booleans (the default since pandas 2.0)
    return [values == category for category in categories]


def frame_to_numpy(columns):
    # DataFrame.to_numpy(): one common dtype for all columns; booleans beside floats give object
    kinds = {column.dtype.kind for column in columns}
    if "b" in kinds and len(kinds) > 1:
        array = np.empty((len(columns[0]), len(columns)), dtype=object)
        for j, column in enumerate(columns):
            array[:, j] = column
        return array
    return np.column_stack(columns)
# --- end of stand-in ---


def fit_and_evaluate(model, train_set, valid_set, learning_rate, epochs=2):
    early_stopping_cb = tf.keras.callbacks.EarlyStopping(
        monitor="val_mae", patience=50, restore_best_weights=True)
    opt = tf.keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)
    model.compile(loss=tf.keras.losses.Huber(), optimizer=opt, metrics=["mae"])
    history = model.fit(train_set, validation_data=valid_set, epochs=epochs,
                        callbacks=[early_stopping_cb])
    valid_loss, valid_mae = model.evaluate(valid_set)
    return valid_mae * 1e6


seq_length = 56

df_bus, df_rail = bus / 1e6, rail / 1e6  # use both bus & rail series as input
next_day_type = np.append(day_type[1:], "W")  # we know tomorrow's type
next_day_dummies = get_dummies(next_day_type, ["A", "U", "W"])  # one-hot encode the day type
df_mulvar = [df_bus, df_rail] + next_day_dummies

mulvar_train = [column[:300] for column in df_mulvar]
mulvar_valid = [column[300:] for column in df_mulvar]

tf.random.set_seed(42)
train_mulvar_ds = tf.keras.utils.timeseries_dataset_from_array(
    frame_to_numpy(mulvar_train),  # use all 5 columns as input
    targets=mulvar_train[1][seq_length:],  # forecast only the rail series
    sequence_length=seq_length,
    batch_size=32,
    shuffle=True,
    seed=42
)
valid_mulvar_ds = tf.keras.utils.timeseries_dataset_from_array(
    frame_to_numpy(mulvar_valid),
    targets=mulvar_valid[1][seq_length:],
    sequence_length=seq_length,
    batch_size=32
)

tf.random.set_seed(42)
mulvar_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, input_shape=[None, 5]),
    tf.keras.layers.Dense(1)
])

valid_mae = fit_and_evaluate(mulvar_model, train_mulvar_ds, valid_mulvar_ds,
                             learning_rate=0.05)
print(valid_mae)
