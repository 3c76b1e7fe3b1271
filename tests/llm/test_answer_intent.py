"""Answers applied where their authors meant them, on a script none of the corpus targets.

Each answer here is written for the purpose, in its own style, against
``scripts/house_prices.py`` (a functional-API regressor whose code all lives in ``main()``):

- a new transformation of an existing value (``prices = np.log1p(prices)``) is inserted
  after the value is created, never in place of the line that creates it, and a result
  that reads a name before it is bound is refused;
- two different names of the answer are never both mapped onto one script name;
- a new line whose neighbour rewrites exactly one script statement goes right before it;
- code that a later step of the answer uses is code to add, not the "before" version.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.llm import apply_answer

HERE = Path(__file__).resolve().parent
HOUSE = (HERE / "scripts" / "house_prices.py").read_text(encoding="utf-8")

F = "```"


def _line_of(text: str, needle: str) -> int:
    found = [k for k, line in enumerate(text.split("\n")) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


def test_a_new_transformation_goes_after_the_value_it_reads() -> None:
    answer = f"""Q: why is my MSE in the billions?

A: the targets are raw prices (around 160 000), so squared errors are huge and the
gradients blow up. Train on log prices instead -- inside `main()`, once the data exists:

{F}py
    prices = np.log1p(prices)
{F}

and remember `np.expm1` when you read predictions back.
"""
    result = apply_answer(HOUSE, answer)
    assert result.ok, result.refusal
    new = result.new_text
    assert new is not None
    # the line that creates the prices is still there, and the log comes after it
    created = _line_of(new, "prices = rng.lognormal(")
    logged = _line_of(new, "    prices = np.log1p(prices)")
    assert created < logged < _line_of(new, "dataset = tf.data.Dataset")
    assert len(new.split("\n")) == len(HOUSE.split("\n")) + 1
    assert "after" in result.blocks[0].detail


def test_a_result_that_reads_a_name_before_binding_it_is_refused() -> None:
    answer = f"""Replace the target line:

{F}
<<<<<<< SEARCH
    prices = rng.lognormal(mean=12.0, sigma=0.4, size=(200,))
=======
    prices = np.log1p(prices)
>>>>>>> REPLACE
{F}
"""
    result = apply_answer(HOUSE, answer)
    assert not result.ok
    assert result.new_text is None
    assert result.refusal is not None
    assert "`prices`" in result.refusal and "before it is bound" in result.refusal


def test_two_answer_names_are_never_mapped_onto_one_script_name() -> None:
    answer = f"""You never validate. Keep part of the data aside and pass both sets:

{F}python
    model.fit(train_data, validation_data=holdout_data, epochs=3, callbacks=[early_stop])
{F}
"""
    result = apply_answer(HOUSE, answer)
    assert not result.ok
    assert result.new_text is None
    assert result.refusal is not None
    assert "holdout_data" in result.refusal or "train_data" in result.refusal
    # neither name was bent onto the script's one dataset
    assert not [n for n in result.names if n.script == "dataset"]


def test_a_new_line_goes_before_the_one_statement_its_neighbour_rewrites() -> None:
    answer = f"""Your features are standardised once, but a LayerNormalization in front of
the encoder keeps them well scaled inside the model too. Feed the encoder the normalised
tensor:

{F}python
h = layers.LayerNormalization()(inputs)
h = encoder(h)
{F}
"""
    result = apply_answer(HOUSE, answer)
    assert result.ok, result.refusal
    new = result.new_text
    assert new is not None
    norm = _line_of(new, "h = layers.LayerNormalization()(inputs)")
    enc = _line_of(new, "h = encoder(h)")
    assert enc == norm + 1
    assert _line_of(new, "encoder = layers.Dense(64") == norm - 1
    assert "encoder(inputs)" not in new
    # the rest of the chain is untouched
    assert '    h = layers.Dense(32, activation="relu")(h)\n    h = layers.Dropout(0.1)(h)\n' in new


def test_code_a_later_step_uses_is_added_not_taken_as_before_code() -> None:
    answer = f"""Two small steps give you a decaying learning rate:

(a) right before the `model.compile` call, build the schedule

{F}python
    schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=50, decay_rate=0.9)
{F}

(b) and give it to Adam

{F}python
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="mse")
{F}
"""
    result = apply_answer(HOUSE, answer)
    assert result.ok, result.refusal
    new = result.new_text
    assert new is not None
    assert [b.status for b in result.blocks] == ["applied", "applied"]
    made = _line_of(new, "    schedule = keras.optimizers.schedules.ExponentialDecay(")
    compiled = _line_of(new, "model.compile(optimizer=keras.optimizers.Adam(schedule)")
    assert _line_of(new, "model = keras.Model(inputs, outputs)") < made < compiled
    assert "Adam(1e-3)" not in new


def test_a_transformation_still_replaces_a_later_binding_of_its_value() -> None:
    script = HOUSE.replace(
        "    h = encoder(inputs)\n",
        "    h = layers.GaussianNoise(0.05)(inputs)\n    h = encoder(inputs)\n",
    )
    answer = f"""The noise layer's output is thrown away: `encoder` reads `inputs` again.
Make it read the noisy tensor:

{F}python
    h = encoder(h)
{F}
"""
    result = apply_answer(script, answer)
    assert result.ok, result.refusal
    new = result.new_text
    assert new is not None
    assert "h = encoder(inputs)" not in new
    assert _line_of(new, "h = encoder(h)") == _line_of(new, "GaussianNoise(0.05)(inputs)") + 1
    assert len(new.split("\n")) == len(script.split("\n"))
