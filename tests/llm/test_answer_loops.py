"""Answers that put a run of the script's code inside a new loop.

- a seed ensemble "replace the training/prediction part with:" whose loop builds, trains and
  predicts with the script's own calls replaces that run (the summary and print it drops
  included), keeps what comes after it and the function the loop calls;
- a k-fold loop holding every statement of the run, with no "replace" in the prose, takes
  that run's place;
- a loop holding one statement of the script (test-time augmentation over ``predict``) is
  new code, not a wrap: the script's training stays;
- a loop over a run with a statement the block leaves out, and no "replace" in the prose, is
  not taken for a wrap (the statement is never dropped silently).

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

SCRIPT = """import numpy as np
import keras

SEED = 7
X = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)
X_test = np.random.rand(16, 4).astype("float32")


def build_model(n_in):
    model = keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


model = build_model(4)
model.summary()
model.fit(X, y, epochs=1, verbose=0)
print("trained")
preds = model.predict(X_test, verbose=0).ravel()
np.savetxt("preds.csv", preds)
"""


SEEDS = f"""{F}python
all_preds = []
for i in range(3):
    keras.utils.set_random_seed(SEED + i)
    model = build_model(4)
    model.fit(X, y, epochs=1, verbose=0)
    all_preds.append(model.predict(X_test, verbose=0).ravel())
preds = np.mean(all_preds, axis=0)
{F}"""


def new_text(answer: str, script: str = SCRIPT) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_seed_ensemble_replacing_the_training_part_takes_the_runs_place() -> None:
    answer = f"""Average a few seeds. Replace the training/prediction part with:

{SEEDS}

Keep the saving code below as is.
"""
    text = new_text(answer)
    assert text.count("model.fit(") == 1 and text.count("model.predict(") == 1
    assert "model.summary()" not in text and 'print("trained")' not in text
    assert "    model.fit(X, y, epochs=1, verbose=0)" in text
    assert (
        text.index("for i in range(3):")
        < text.index("preds = np.mean")
        < text.index('np.savetxt("preds.csv", preds)')
    )
    assert "def build_model(n_in):" in text and "    return model" in text


def test_a_kfold_loop_holding_every_statement_of_the_run_takes_its_place() -> None:
    script = SCRIPT.replace("model.summary()\n", "").replace('print("trained")\n', "")
    answer = f"""Use 4-fold cross-validation and average the folds' test predictions:

{F}python
folds = np.array_split(np.arange(len(X)), 4)
fold_preds = []
for k, val_idx in enumerate(folds):
    tr_idx = np.setdiff1d(np.arange(len(X)), val_idx)
    model = build_model(4)
    model.fit(X[tr_idx], y[tr_idx], validation_data=(X[val_idx], y[val_idx]), epochs=1, verbose=0)
    fold_preds.append(model.predict(X_test, verbose=0).ravel())
preds = np.mean(fold_preds, axis=0)
{F}
"""
    text = new_text(answer, script)
    assert text.count("model = build_model(4)") == 1 and text.count(".fit(") == 1
    assert "    model.fit(X[tr_idx]" in text
    assert text.index("preds = np.mean(fold_preds") < text.index("np.savetxt(")


def test_a_loop_holding_one_script_statement_is_new_code_beside_the_training() -> None:
    answer = f"""Add test-time augmentation after training, instead of the single predict:

{F}python
tta = []
for _ in range(4):
    noisy = X_test + np.random.normal(0, 0.01, X_test.shape).astype("float32")
    tta.append(model.predict(noisy, verbose=0).ravel())
preds = np.mean(tta, axis=0)
{F}
"""
    text = new_text(answer)
    assert "model.fit(X, y, epochs=1, verbose=0)\n" in text  # training kept at top level
    assert text.count("for _ in range(4):") == 1


def test_a_loop_leaving_out_a_statement_without_replace_words_is_no_wrap() -> None:
    answer = f"""Train three seeds and average:

{SEEDS}
"""
    result = apply_answer(SCRIPT, answer)
    text = result.new_text or SCRIPT
    # either refused, or applied with the script's summary and print kept
    assert "model.summary()" in text and 'print("trained")' in text


def test_a_seed_call_the_loop_repeats_stays_above_the_data_it_seeds() -> None:
    script = """import numpy as np
import keras


def seed_everything(seed):
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)


seed_everything(7)
X = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)
X_test = np.random.rand(16, 4).astype("float32")


def build_model():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


model = build_model()
model.fit(X, y, epochs=1, verbose=0)
pred = model.predict(X_test, verbose=0).ravel()
np.save("pred.npy", pred)
"""
    answer = f"""Replace the build / fit / predict part with a seed ensemble:

{F}python
preds = []
for seed in [7, 8, 9]:
    seed_everything(seed)
    model = build_model()
    model.fit(X, y, epochs=1, verbose=0)
    preds.append(model.predict(X_test, verbose=0).ravel())
pred = np.mean(preds, axis=0)
{F}
"""
    text = new_text(answer, script)
    head = text[: text.index("def build_model")]
    assert "seed_everything(7)\nX = np.random.rand(64, 4)" in head  # data made as before
    assert text.count("model.fit(") == 1 and "for seed in [7, 8, 9]:" in text
    assert text.index("pred = np.mean(preds, axis=0)") < text.index('np.save("pred.npy", pred)')
