"""An answer's ``from M import ...`` merged into the script's own import from ``M``."""

from __future__ import annotations

from gptfix.llm.import_merge import merge_from_imports

SCRIPT = """from keras.layers import Dense, Input, Merge
from keras.layers import Conv1D, Embedding
from keras.callbacks import EarlyStopping, CSVLogger

x = Input((4,))
y = Merge(mode="concat")([Dense(2)(x), Dense(2)(x)])
cb = [EarlyStopping()]
"""


def test_a_name_whose_use_the_answer_replaced_goes_with_the_old_import() -> None:
    patched = SCRIPT.replace('Merge(mode="concat")', "Concatenate()") + ""
    patched = patched.replace(
        "from keras.callbacks import EarlyStopping, CSVLogger\n",
        "from keras.callbacks import EarlyStopping, CSVLogger\nfrom keras.layers import Dense, Input, Concatenate\n",
    )
    merged, notes = merge_from_imports(SCRIPT, patched)
    # the line the answer's import overlaps most is the one updated; the other stays
    assert merged.startswith(
        "from keras.layers import Dense, Input, Concatenate\nfrom keras.layers import Conv1D, Embedding\n"
    )
    assert merged.count("import Dense") == 1 and "Merge" not in merged
    assert "`Merge`" in notes[0][1]


def test_an_added_name_joins_the_line_and_names_still_read_or_never_read_stay() -> None:
    patched = SCRIPT.replace(
        "\nx = Input", "from keras.callbacks import ModelCheckpoint\n\nx = Input"
    ).replace("cb = [EarlyStopping()]", "cb = [ModelCheckpoint('m.keras')]")
    merged, _ = merge_from_imports(SCRIPT, patched)
    # EarlyStopping's only read was replaced: it goes; CSVLogger was never read: it stays
    assert "from keras.callbacks import ModelCheckpoint, CSVLogger\n" in merged
    assert merged.count("from keras.callbacks") == 1


def test_a_star_import_and_other_modules_are_left_alone() -> None:
    script = "from keras.layers import *\nx = Dense(2)\n"
    patched = "from keras.layers import *\nfrom keras.layers import Flatten\nx = Flatten()\n"
    assert merge_from_imports(script, patched)[0] == patched
    other = SCRIPT.replace("\nx = Input", "from keras.models import Model\n\nx = Input")
    assert merge_from_imports(SCRIPT, other)[0] == other


KERAS2 = """from keras.models import Sequential
from keras.layers.convolutional import Conv2D, MaxPooling2D
from keras.layers.core import Dense, Flatten, Activation

net = Sequential([Conv2D(8, 3), MaxPooling2D(), Flatten(), Dense(2), Activation("softmax")])
"""


def test_names_imported_from_another_module_of_the_library_leave_the_old_lines() -> None:
    patched = KERAS2.replace(
        "\nnet =", "from keras.layers import Conv2D, MaxPooling2D, Dense, Flatten\n\nnet ="
    )
    merged, notes = merge_from_imports(KERAS2, patched)
    assert merged.startswith(
        "from keras.models import Sequential\n"
        "from keras.layers import Conv2D, MaxPooling2D, Dense, Flatten\n"
        "from keras.layers.core import Activation\n\n"
    )
    assert merged.count("from keras.layers import") == 1 and "convolutional" not in merged
    assert "instead" in notes[0][1]
