"""An import the prose asks for and the code block leaves out ("don't forget `import json`
at the top", "no olvides añadir `import json` junto a los demás imports"): the block's use
of ``json`` is no undefined name, the import is added with the script's imports. A quoted
import the code does not need adds nothing.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

import pytest

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras

x = np.random.rand(32, 4).astype("float32")
net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
net.compile(optimizer="adam", loss="mse")
history = net.fit(x, x[:, :1], epochs=1, verbose=0)
"""

BLOCK = """

```python
with open("history.json", "w") as f:
    json.dump({k: [float(v) for v in vals] for k, vals in history.history.items()}, f)
```

"""

SAID = {
    "en": (
        "Save the history right after `history = net.fit(...)`:",
        "Don't forget `import json` at the top.",
    ),
    "es": (
        "Añade esto justo después de la línea `history = net.fit(...)`:",
        "Y no olvides añadir `import json` junto a los demás imports al principio del archivo.",
    ),
}


@pytest.mark.parametrize("lang", sorted(SAID))
def test_an_import_said_in_prose_is_added_for_the_block_that_needs_it(lang: str) -> None:
    before, after = SAID[lang]
    result = apply_answer(SCRIPT, before + BLOCK + after + "\n")
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    assert lines[:3] == ["import numpy as np", "from tensorflow import keras", "import json"]
    assert lines.index('with open("history.json", "w") as f:') > lines.index(
        "history = net.fit(x, x[:, :1], epochs=1, verbose=0)"
    )


def test_a_quoted_import_the_code_does_not_need_adds_nothing() -> None:
    answer = (
        "Save the weights right after `history = net.fit(...)` (you may also want "
        '`import json` later):\n\n```python\nnet.save_weights("net.weights.h5")\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "import json" not in result.new_text
