""" "Add the following line at the end of `main()`, right after `print(...)`": "the
following" (Vietnamese "dòng sau", "đoạn code sau") announces the block; it is no "after
`main()`". The place is the quoted line inside ``main``, not the end of the file.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

import pytest

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras


def main():
    x = np.random.rand(32, 4).astype("float32")
    net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    net.compile(optimizer="adam", loss="mse")
    net.fit(x, x[:, :1], epochs=1, verbose=0)
    loss = net.evaluate(x, x[:, :1], verbose=0)
    print(f"loss: {loss:.3f}")


if __name__ == "__main__":
    main()
"""

SAID = {
    "en": 'Add the following to `main()`, right after `print(f"loss: {loss:.3f}")`:',
    "vi": 'Thêm dòng sau vào cuối hàm `main()`, ngay sau dòng `print(f"loss: {loss:.3f}")`:',
}


@pytest.mark.parametrize("lang", sorted(SAID))
def test_the_following_line_goes_after_the_quoted_line_inside_main(lang: str) -> None:
    answer = SAID[lang] + '\n\n```python\n    net.save_weights("net.weights.h5")\n```\n'
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        '    print(f"loss: {loss:.3f}")\n    net.save_weights("net.weights.h5")\n\n\nif'
        in result.new_text
    )
