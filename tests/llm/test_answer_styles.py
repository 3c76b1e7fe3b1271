"""Answer styles beyond English chat prose: drifted diffs, tabs, CRLF, indented code,
sessions pasted with prompts, other languages, prose-stated removals, named lists.

Each answer here was written for its test; the script is a fixture or a short program.
What is checked is what a user sees: the patched script, the per-block report, and that a
dry run of a notebook writes nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from gptfix.llm import apply_answer

ROOT = Path(__file__).resolve().parents[2]
FLOWERS = (ROOT / "fixtures" / "06-adam-lr-keyword" / "train.py").read_text()
DIGITS = (ROOT / "fixtures" / "01-missing-flatten" / "train.py").read_text()
CHURN = (ROOT / "fixtures" / "05-binary-head-two-units" / "train.py").read_text()

TABBED = (
    "import keras\nfrom keras import layers\n\n\ndef head(x):\n"
    '\tx = layers.Dense(64, activation="relu")(x)\n'
    '\treturn layers.Dense(3, activation="softmax")(x)\n'
)


def applied(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_diff_context_lines_stay_the_scripts_own() -> None:
    # the diff's context carries comments the script does not have, and a tab
    answer = (
        "```diff\n@@ -1,4 +1,4 @@\n"
        "-    optimizer=Adam(lr=CFG.lr),  # old keyword\n"
        "+    optimizer=Adam(learning_rate=CFG.lr),\n"
        '     loss="sparse_categorical_crossentropy",   # integer labels\n'
        ' \tmetrics=["accuracy"],\n```\n'
    )
    new = applied(FLOWERS, answer)
    assert (
        '    optimizer=Adam(learning_rate=CFG.lr),\n    loss="sparse_categorical_crossentropy",\n'
        '    metrics=["accuracy"],\n' in new
    )
    assert "integer labels" not in new and "\t" not in new


def test_diff_context_missing_a_comment_line_still_applies() -> None:
    script = DIGITS.replace(
        "        layers.MaxPooling2D(),\n        layers.Dense",
        "        layers.MaxPooling2D(),\n        # head\n        layers.Dense",
    )
    answer = (
        "```diff\n@@\n         layers.MaxPooling2D(),\n+        layers.Flatten(),\n"
        '         layers.Dense(64, activation="relu"),\n```\n'
    )
    new = applied(script, answer)
    assert "layers.MaxPooling2D(),\n        layers.Flatten(),\n        # head\n" in new


def test_hunks_for_other_files_are_left_out_and_reported() -> None:
    answer = (
        "```diff\n--- a/requirements.txt\n+++ b/requirements.txt\n@@ -1,2 +1,2 @@\n numpy\n"
        "-keras\n+keras>=3.3\n--- a/src/churn.py\n+++ b/src/churn.py\n@@ -30,2 +30,2 @@\n"
        '-    outputs = layers.Dense(2, activation="sigmoid", name="churn")(x)\n'
        '+    outputs = layers.Dense(1, activation="sigmoid", name="churn")(x)\n'
        "     return keras.Model(inputs, outputs)\n```\n"
    )
    result = apply_answer(CHURN, answer)
    assert result.ok and result.new_text is not None
    assert 'layers.Dense(1, activation="sigmoid"' in result.new_text
    assert "keras>=3.3" not in result.new_text
    assert "requirements.txt" in result.blocks[0].detail


def test_a_diff_only_for_other_files_is_refused() -> None:
    answer = (
        "```diff\n--- a/requirements.txt\n+++ b/requirements.txt\n@@\n-keras\n+keras>=3.3\n```\n"
    )
    result = apply_answer(CHURN, answer)
    assert result.refusal is not None and "requirements.txt" in result.refusal


def test_space_indented_answer_into_a_tab_indented_script_uses_tabs() -> None:
    answer = (
        "```python\ndef head(x):\n"
        '    x = layers.Dense(64, activation="relu")(x)\n'
        "    x = layers.Dropout(0.3)(x)\n"
        '    return layers.Dense(3, activation="softmax")(x)\n```\n'
    )
    new = applied(TABBED, answer)
    assert "\tx = layers.Dropout(0.3)(x)\n\treturn layers.Dense(3" in new
    assert "    x =" not in new


def test_markdown_indented_code_block_is_code() -> None:
    answer = (
        "Change the compile call to:\n\n    model.compile(\n        optimizer=Adam(learning_rate=CFG.lr),\n"
        '        loss="sparse_categorical_crossentropy",\n        metrics=["accuracy"],\n    )\n\n'
        "and keep the rest.\n"
    )
    new = applied(FLOWERS, answer)
    assert "Adam(learning_rate=CFG.lr)" in new and "Adam(lr=" not in new


def test_pass_unchanged_stands_for_the_body_it_replaces() -> None:
    answer = (
        "```python\ndef parse_args():\n    pass  # unchanged\n\n\n"
        "def build_model(n_features, hidden):\n    # ... unchanged ...\n"
        '    outputs = layers.Dense(1, activation="sigmoid", name="churn")(x)\n'
        "    return keras.Model(inputs, outputs)\n```\n"
    )
    new = applied(CHURN, answer)
    assert '"--lr", type=float' in new and "return parser.parse_args()" in new
    assert "layers.BatchNormalization()(x)" in new and "Dense(1, activation" in new
    assert "pass  # unchanged" not in new


def test_session_prompts_and_printed_output_are_left_out() -> None:
    answer = (
        "```python\n>>> import keras\n>>> keras.__version__\n'3.6.0'\n```\n\n"
        "```python\nIn [4]: model.compile(\n   ...:     optimizer=Adam(learning_rate=CFG.lr),\n"
        '   ...:     loss="sparse_categorical_crossentropy",\n   ...:     metrics=["accuracy"],\n'
        "   ...: )\n```\n"
    )
    result = apply_answer(FLOWERS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "In [4]" not in result.new_text and "Adam(learning_rate=CFG.lr)" in result.new_text
    assert result.blocks[0].status == "skipped"


def test_a_log_in_a_python_fence_is_output_not_code() -> None:
    answer = (
        "```python\nEpoch 1/2\n5/5 [==============================] - 1s - loss: nan\n"
        "ValueError: Shapes (None, 1) and (None, 10) are incompatible\n```\n\n"
        "Use the new keyword:\n\n```python\n    optimizer=Adam(learning_rate=CFG.lr),\n```\n"
    )
    result = apply_answer(FLOWERS, answer)
    assert result.ok, result.refusal
    assert result.blocks[0].status == "skipped" and "output" in result.blocks[0].detail


def test_spanish_and_japanese_wording() -> None:
    es = "Reemplaza `Adam(lr=CFG.lr)` por `Adam(learning_rate=CFG.lr)` y listo."
    assert "Adam(learning_rate=CFG.lr)" in applied(FLOWERS, es)
    ja = (
        "修正前：\n```python\nx = layers.Dropout(0.2)(x)\n```\n\n"
        "修正後：\n```python\nx = layers.Dropout(0.4)(x)\n```\n"
    )
    new = applied(FLOWERS, ja)
    assert "    x = layers.Dropout(0.4)(x)\n" in new and "Dropout(0.2)" not in new
    alternative = (
        "**Opción 1**:\n\n```python\n    optimizer=Adam(learning_rate=CFG.lr),\n```\n\n"
        "**Opción 2**: cambia las etiquetas.\n\n```python\nlabels = keras.utils.to_categorical(labels)\n```\n"
    )
    result = apply_answer(FLOWERS, alternative)
    assert result.ok and result.new_text is not None
    assert "to_categorical" not in result.new_text
    assert "alternative" in result.blocks[1].detail


def test_a_block_given_as_the_new_version_of_a_quoted_line_replaces_it() -> None:
    answer = "在 `build_model` 里把 `x = layers.Dropout(0.2)(x)` 这一行改为：\n\n```python\nx = layers.SpatialDropout2D(0.2)(x)\n```\n"
    new = applied(FLOWERS, answer)
    assert "    x = layers.SpatialDropout2D(0.2)(x)\n    outputs" in new
    assert "layers.Dropout(0.2)" not in new


def test_prose_removal_applies_only_when_nothing_else_reads_the_line() -> None:
    script = FLOWERS.replace("model = build_model()\n", "model = build_model()\nwarm = 3\n")
    answer = (
        "```python\n    optimizer=Adam(learning_rate=CFG.lr),\n```\n\n"
        "Also remove the `warm = ...` line, and delete the `rng = ...` line too.\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "warm = 3" not in result.new_text
    assert "rng = np.random.default_rng" in result.new_text  # still read below: kept
    details = [b.detail for b in result.blocks]
    assert any("not in the script" in d or "removed" in d for d in details)


def test_items_go_at_the_end_of_the_list_the_prose_names() -> None:
    script = DIGITS.replace(
        "history = model.fit(",
        "cbs = [\n    keras.callbacks.EarlyStopping(patience=2),\n]\nhistory = model.fit(",
    )
    answer = "Add this to your `cbs` list:\n\n```python\nkeras.callbacks.TerminateOnNaN(),\n```\n"
    new = applied(script, answer)
    assert (
        "    keras.callbacks.EarlyStopping(patience=2),\n    keras.callbacks.TerminateOnNaN(),\n]"
        in new
    )


def test_after_the_imports_places_module_code_there() -> None:
    answer = 'Right after the imports:\n\n```python\nkeras.mixed_precision.set_global_policy("mixed_float16")\n```\n'
    new = applied(DIGITS, answer)
    assert "from keras import layers\nkeras.mixed_precision.set_global_policy" in new


def test_a_name_passed_where_the_script_passes_its_own_is_the_scripts() -> None:
    answer = (
        "Assuming `cbs` your callbacks:\n\n```python\nhistory = model.fit(\n    xs,\n    ys,\n"
        "    validation_data=(x_val, y_val),\n    batch_size=BATCH_SIZE,\n    epochs=EPOCHS,\n"
        "    shuffle=True,\n)\n```\n"
    )
    result = apply_answer(DIGITS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "    x_train,\n    y_train,\n" in result.new_text and "shuffle=True" in result.new_text
    assert {(n.answer, n.script) for n in result.names} >= {("xs", "x_train"), ("ys", "y_train")}


def test_notebook_dry_run_explains_blocks_and_writes_nothing(tmp_path: Path) -> None:
    notebook = tmp_path / "starter.ipynb"
    notebook.write_bytes((ROOT / "fixtures" / "notebooks" / "flatten-kaggle.ipynb").read_bytes())
    before = notebook.read_bytes()
    answer = tmp_path / "answer.md"
    answer.write_text(
        "Falta aplanar:\n\n```python\nmodel = keras.Sequential(\n    [\n"
        '        layers.MaxPooling2D(),\n        layers.Conv2D(32, 3, activation="relu"),\n'
        "        layers.MaxPooling2D(),\n        layers.Flatten(),  # nuevo\n"
        "        # resto igual\n    ]\n)\n```\n\n```bash\npip install keras\n```\n",
        encoding="utf-8",
    )
    for extra in ([], ["--json"]):
        out = subprocess.run(
            [sys.executable, "-m", "gptfix", "apply", str(notebook), "--answer", str(answer),
             "--dry-run", *extra],
            capture_output=True, text=True,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        assert notebook.read_bytes() == before
        if extra:
            blocks = json.loads(out.stdout)["blocks"]
            assert [b["status"] for b in blocks] == ["applied", "skipped"]
        else:
            # a notebook's dry run shows the changed cell as a diff with the cell in its header
            assert "(cell 6)" in out.stdout
            assert (
                " layers.MaxPooling2D(),\n+        layers.Flatten(),  # nuevo\n         layers.Dense(64"
                in out.stdout
            )
            assert "block 1 (answer line 3, code): applied" in out.stderr
            assert "block 2" in out.stderr and "skipped" in out.stderr


def _crlf(answer: str) -> str:
    return answer.replace("\n", "\r\n")


def _tabs(answer: str) -> str:
    """Indentation in tabs, as some editors and chat UIs render code (diff markers kept)."""
    out = []
    diff = "```diff" in answer or "\n@@" in answer
    for line in answer.split("\n"):
        head = (
            line[:1]
            if diff and line[:1] in (" ", "+", "-") and line[:3] not in ("+++", "---")
            else ""
        )
        body = line[len(head) :]
        spaces = len(body) - len(body.lstrip(" "))
        out.append(
            head + "\t" * (spaces // 4) + body[spaces - spaces % 4 :] if spaces >= 4 else line
        )
    return "\n".join(out)


def _untagged(answer: str) -> str:
    return re.sub(r"(?m)^(\s*)```(?:python3?|py)\b.*$", r"\1```", answer)


def _in_list_items(answer: str) -> str:
    """Every fenced block indented under a numbered list item."""
    out, inside = [], False
    for line in answer.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
            out.append("   " + line)
        else:
            out.append("   " + line if inside and line.strip() else line)
    return "\n".join(out)


CORPUS = Path(__file__).resolve().parent / "corpus"
_SAMPLE = [
    c
    for c in tomllib.loads((CORPUS / "cases.toml").read_text())["case"][::4]
    if c["expect"] == "applied"
    and c["answer"] not in set(tomllib.loads((CORPUS / "heldout.toml").read_text())["answers"])
]


@pytest.mark.parametrize(
    "style", [_crlf, _tabs, _untagged, _in_list_items], ids=lambda f: f.__name__
)
def test_the_same_answer_in_another_rendering_gives_the_same_script(style: Any) -> None:
    # line endings, tab indentation, an untagged fence or a list item's indentation are how
    # the answer was rendered, not what it says: the patched script is the same
    for case in _SAMPLE:
        local = Path(__file__).resolve().parent / "scripts" / case["script"]
        script = (
            local if local.is_file() else ROOT / "fixtures" / case["script"] / "train.py"
        ).read_text()
        answer = (CORPUS / case["answer"]).read_text(encoding="utf-8")
        plain = apply_answer(script, answer)
        assert plain.ok, (case["answer"], plain.refusal)
        rendered = apply_answer(script, style(answer))
        assert rendered.new_text == plain.new_text, (case["answer"], rendered.refusal)


def test_a_new_value_a_later_step_uses_goes_before_its_first_use() -> None:
    answer = (
        "Create the callback before training:\n\n"
        "    stopper = keras.callbacks.EarlyStopping(patience=2)\n\n"
        "and pass it:\n\n```python\nhistory = model.fit(\n    x_train,\n    y_train,\n"
        "    validation_data=(x_val, y_val),\n    batch_size=BATCH_SIZE,\n    epochs=EPOCHS,\n"
        "    callbacks=[stopper],\n)\n```\n"
    )
    result = apply_answer(DIGITS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        "stopper = keras.callbacks.EarlyStopping(patience=2)\nhistory = model.fit("
        in result.new_text
    )
    assert result.blocks[0].status == "applied"


def test_added_after_a_quoted_line_even_when_the_chain_has_the_same_target() -> None:
    answer = '`x = layers.Dense(hidden // 2, activation="relu")(x)` の後に追加：\n\n```python\nx = layers.Dropout(0.2)(x)\n```\n'
    new = applied(CHURN, answer)
    assert (
        'activation="relu")(x)\n    x = layers.Dropout(0.2)(x)\n    outputs = layers.Dense(2' in new
    )


def test_a_rewritten_run_of_lines_replaces_them() -> None:
    script = (ROOT / "fixtures" / "03-sparse-labels-categorical-loss" / "train.py").read_text()
    answer = (
        '```python\ndef scale(images):\n    return images.astype("float32") / 255.0\n\n\n'
        "train_images = scale(train_images)\ntest_images = scale(test_images)\n```\n"
    )
    new = applied(script, answer)
    assert "\ntrain_images = scale(train_images)\ntest_images = scale(test_images)\n" in new
    assert 'train_images = train_images.astype("float32")' not in new
