# sleepecg: examples/classifiers/ws_gru_mesa.py with the package code it calls
# (sleepecg/utils.py, sleepecg/classification.py), made one file.
# Source: https://github.com/cbrnr/sleepecg/pull/217 (parent of d61173a)
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import numpy as np
import yaml
from tensorflow.keras import layers, models

np.random.seed(0)
os.chdir(tempfile.mkdtemp())


# ---- sleepecg/io/sleep_readers.py ----
class SleepStage(IntEnum):
    UNDEFINED = 0
    N3 = 1
    N2 = 2
    N1 = 3
    REM = 4
    WAKE = 5


# ---- sleepecg/utils.py ----
_SLEEP_STAGE_MAPPING = {
    "wake-sleep": {
        SleepStage.WAKE: 2,
        SleepStage.REM: 1,
        SleepStage.N1: 1,
        SleepStage.N2: 1,
        SleepStage.N3: 1,
    },
    "wake-rem-nrem": {
        SleepStage.WAKE: 3,
        SleepStage.REM: 2,
        SleepStage.N1: 1,
        SleepStage.N2: 1,
        SleepStage.N3: 1,
    },
}
_STAGE_NAMES = {m: m.upper().split("-")[::-1] for m in _SLEEP_STAGE_MAPPING}


def _merge_sleep_stages(stages, stages_mode):
    if stages_mode not in _SLEEP_STAGE_MAPPING:
        options = list(_SLEEP_STAGE_MAPPING.keys())
        raise ValueError(f"Invalid stages_mode: {stages_mode}. Possible options: {options}")

    new_stages = []
    for array in stages:
        new_array = np.full_like(array, fill_value=SleepStage.UNDEFINED)
        for source_stage, target_stage in _SLEEP_STAGE_MAPPING[stages_mode].items():
            new_array[array == source_stage] = target_stage
        new_stages.append(new_array)
    return new_stages


# ---- sleepecg/classification.py ----
def prepare_data_keras(features, stages, stages_mode, mask_value=-1):
    from tensorflow.keras.preprocessing.sequence import pad_sequences
    from tensorflow.keras.utils import to_categorical

    stages_merged = _merge_sleep_stages(stages, stages_mode)
    stages_padded = pad_sequences(stages_merged, value=SleepStage.UNDEFINED)
    stages_padded_onehot = to_categorical(stages_padded)

    features_padded = pad_sequences(features, dtype=float, value=mask_value)
    features_padded[stages_padded == SleepStage.UNDEFINED, :] = mask_value
    features_padded[~np.isfinite(features_padded)] = mask_value

    stage_counts = stages_padded_onehot.sum(0).sum(0)
    # samples corresponding to SleepStage.UNDEFINED are ignored, so their count shouldn't
    # influence the class weights -> slice with [1:]
    class_weight = np.sum(stage_counts[1:]) / stage_counts
    sample_weight = class_weight[stages_padded]

    return features_padded, stages_padded_onehot, sample_weight


def print_class_balance(stages, stages_mode=None):
    if stages.ndim == 3:
        stages = stages.argmax(2)

    if stages_mode is not None:
        stage_names = ["UNDEFINED"] + _STAGE_NAMES[stages_mode]
    else:
        stage_names = [str(n) for n in range(6)]

    print("Class balance:")

    unique_stages, counts = np.unique(stages, return_counts=True)
    max_len_counts = len(str(max(counts)))
    max_len_stages = max(len(str(s)) for s in stage_names)
    total_count = counts.sum()
    for stage, count, fraction in zip(unique_stages, counts, counts / total_count):
        print(
            f"    {stage_names[stage]:>{max_len_stages}}: {count:{max_len_counts}} "
            f"({fraction:3.0%})"
        )


def save_classifier(
    name: str,
    model: Any,
    stages_mode: str,
    feature_extraction_params: dict[str, Any],
    mask_value: int | None = None,
    classifiers_dir: str | Path | None = None,
) -> None:
    target_file = Path(classifiers_dir).expanduser() / name

    model_type = model.__module__.split(".")[0]
    classifier_info = {
        "model_type": model_type,
        "stages_mode": stages_mode,
        "feature_extraction_params": feature_extraction_params,
    }
    if mask_value is not None:
        classifier_info["mask_value"] = mask_value

    with TemporaryDirectory() as tmpdir:
        with open(f"{tmpdir}/info.yml", "w") as infofile:
            yaml.dump(classifier_info, infofile)

        if model_type == "keras":
            model.save(f"{tmpdir}/classifier.keras")
        else:
            raise ValueError(f"Saving model of type {type(model)} is not supported")

        shutil.make_archive(str(target_file), "zip", tmpdir)


@dataclass
class SleepClassifier:
    model: Any
    stages_mode: str
    feature_extraction_params: dict[str, Any]
    model_type: str
    mask_value: int | None = None
    source_file: Path | None = None


def load_classifier(name, classifiers_dir=None, silence_tf_messages=True):
    soure_file = Path(classifiers_dir).expanduser() / f"{name}.zip"

    with TemporaryDirectory() as tmpdir:
        shutil.unpack_archive(soure_file, tmpdir)

        with open(f"{tmpdir}/info.yml") as infofile:
            classifier_info = yaml.safe_load(infofile)

        if classifier_info["model_type"] == "keras":
            environ_orig = os.environ.copy()
            if silence_tf_messages:
                os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"

            from tensorflow import keras

            try:
                classifier = keras.models.load_model(f"{tmpdir}/classifier.keras")
            finally:
                os.environ.clear()
                os.environ.update(environ_orig)

        else:
            raise ValueError(
                f"Loading model of type {classifier_info['model_type']} is not supported"
            )

    return SleepClassifier(
        model=classifier,
        source_file=soure_file,
        **classifier_info,
    )


# ---- synthetic stand-in for read_mesa()/read_shhs() + extract_features() ----
N_FEATURES = 12


def synthetic_nights(n_records, seed):
    rng = np.random.default_rng(seed)
    features, stages = [], []
    for _ in range(n_records):
        n = int(rng.integers(30, 50))
        st = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.15, 0.35, 0.1, 0.15, 0.25])
        st[rng.random(n) < 0.05] = SleepStage.UNDEFINED
        ft = rng.normal(size=(n, N_FEATURES)) + (st == SleepStage.WAKE)[:, None]
        ft[rng.random((n, N_FEATURES)) < 0.02] = np.nan
        features.append(ft)
        stages.append(st.astype(np.int64))
    return features, stages


# %% Read data and extract features
feature_extraction_params = {
    "lookback": 240,
    "lookforward": 270,
    "feature_selection": [
        "hrv-time",
        "hrv-frequency",
        "recording_start_time",
        "age",
        "gender",
    ],
    "min_rri": 0.3,
    "max_rri": 2,
    "max_nans": 0.5,
}

features_train, stages_train = synthetic_nights(8, seed=0)

# %% Merge sleep stages, pad and mask data as preparation for keras NN
stages_mode = "wake-sleep"

features_train_pad, stages_train_pad, sample_weight = prepare_data_keras(
    features_train,
    stages_train,
    stages_mode,
)
print_class_balance(stages_train_pad, stages_mode)

# %% Define and train model
model = models.Sequential(
    [
        layers.Input((None, features_train_pad.shape[2])),
        layers.Masking(-1),
        layers.BatchNormalization(),
        layers.Dense(64),
        layers.ReLU(),
        layers.Bidirectional(layers.GRU(8, return_sequences=True)),
        layers.Bidirectional(layers.GRU(8, return_sequences=True)),
        layers.Dense(stages_train_pad.shape[-1], activation="softmax"),
    ]
)

model.compile(
    optimizer="rmsprop",
    loss="categorical_crossentropy",
    metrics=["accuracy"],
)
model.build()
model.summary()

# %% Train model
model.fit(
    features_train_pad,
    stages_train_pad,
    epochs=2,
    sample_weight=sample_weight,
)

# %% Store classifier
save_classifier(
    name="ws-gru-mesa",
    model=model,
    stages_mode=stages_mode,
    feature_extraction_params=feature_extraction_params,
    mask_value=-1,
    classifiers_dir="./classifiers",
)


# %% Load classifier from disk for validation
clf = load_classifier("ws-gru-mesa", "./classifiers")

# %% Read data and extract features
features_test, stages_test = synthetic_nights(3, seed=1)

# %% Predict & evaluate
features_test_pad, stages_test_pad, sample_weight = prepare_data_keras(
    features_test,
    stages_test,
    clf.stages_mode,
)
y_pred = clf.model.predict(features_test_pad)
print("test accuracy:", np.mean(y_pred.argmax(-1) == stages_test_pad.argmax(-1)))
