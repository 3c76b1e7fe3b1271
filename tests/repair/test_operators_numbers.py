"""A float where an int is wanted, and names a from-import would bind: before/after edits.

The scripts are modelled on public threads (a true division passed as a unit or epoch
count; a pasted CNN whose layer classes were never imported); the expected edit is the
repair those threads accepted.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Failure, Location, Script, ValueFact, ValueTrace
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS

PATH = Path("/project/train.py")


def _fixes(text: str, kind: str, message: str, line: int, trace=None):
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): trace or {}})
    return [
        f
        for f in candidate_fixes(Script(PATH, text), failure, rules=OPERATORS)
        if f.origin in ("rule:ops.float-to-int", "rule:ops.missing-from-import")
    ]


UNITS = """from keras.layers import Dense, Input
nb_actions = 1
x = Input((32,))
x = Dense(((nb_actions * nb_actions + nb_actions) / 2))(x)
"""


def test_a_division_of_ints_passed_as_units_becomes_floor_division() -> None:
    trace = {2: [ValueFact("nb_actions", "int", value=1)]}
    msg = "Received an invalid value for `units`, expected a positive integer. Received: units=1.0"
    (fix,) = _fixes(UNITS, "ValueError", msg, 4, trace)
    assert "Dense(((nb_actions * nb_actions + nb_actions) // 2))(x)" in fix.new_text


EPOCHS = """def pretrain(model, x, epochs):
    model.fit(x, x, batch_size=8, epochs=epochs / 3)
"""


def test_a_division_of_a_parameter_is_wrapped_in_int() -> None:
    msg = "'float' object cannot be interpreted as an integer"
    (fix,) = _fixes(EPOCHS, "TypeError", msg, 2)
    assert "epochs=int(epochs / 3))" in fix.new_text


HALF = """import numpy as np
n = 10
half = n / 2
z = np.zeros((half, 3))
"""


def test_a_name_that_held_a_float_is_made_an_int_where_it_is_divided() -> None:
    trace = {2: [ValueFact("n", "int", value=10)], 3: [ValueFact("half", "float")]}
    msg = "'float' object cannot be interpreted as an integer"
    (fix,) = _fixes(HALF, "TypeError", msg, 4, trace)
    assert "half = n // 2\n" in fix.new_text and "np.zeros((half, 3))" in fix.new_text


def test_an_int_already_made_is_left_alone() -> None:
    text = EPOCHS.replace("epochs / 3", "int(epochs / 3)")
    assert _fixes(text, "TypeError", "'float' object cannot be interpreted as an integer", 2) == []


def test_no_division_no_edit_and_no_int_error_no_edit() -> None:
    assert _fixes(UNITS, "ValueError", "Input 0 is incompatible with the layer", 4) == []


CNN = """import numpy as np
from keras.layers import Activation, Dense, Flatten
from keras.models import Sequential
model = Sequential()
model.add(Conv2D(64, (3, 3), input_shape=(50, 50, 1)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(1))
"""


def test_layer_classes_never_imported_join_the_scripts_layers_import() -> None:
    (fix,) = _fixes(CNN, "NameError", "name 'Conv2D' is not defined", 5)
    assert (
        "from keras.layers import Activation, Conv2D, Dense, Flatten, MaxPooling2D\n"
        in fix.new_text
    )


def test_a_name_the_module_does_not_export_is_not_imported() -> None:
    text = CNN.replace("Conv2D(", "ConvTwoD(")
    assert _fixes(text, "NameError", "name 'ConvTwoD' is not defined", 5) == []
