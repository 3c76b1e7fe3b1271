"""Prompt text sent to the LLM: constants only, no logic.

Bridges gptfix's context sections and what a chat model reads. The edit format asks for
SEARCH/REPLACE blocks anchored on existing code (the best-performing format for strong
models) and allows a whole function instead (easier for small local models). Every
request re-sends the current code; nothing relies on chat memory.
"""

from __future__ import annotations

SYSTEM = """\
You repair Python training scripts (Keras / TensorFlow) so that they run.
You are given the failure, the code around it and the facts measured at run time.
Fix the cause of the failure with the smallest change. Keep the script's own names:
its variables, its config attributes, its import style (for example `keras.layers.Dense`
if the script writes it that way). Never invent data loading, never rename anything,
never answer with a generic example: change this script."""

#: The SEARCH/REPLACE block and how to copy its lines (shared by repair and change requests).
SEARCH_REPLACE = """\
<<<<<<< SEARCH
(lines copied exactly from the script, enough to be unique)
=======
(the new lines)
>>>>>>> REPLACE

Copy SEARCH lines exactly, with their indentation, from the code shown above; use one
block per place you change."""

EDIT_FORMAT = f"""\
Answer with one short sentence on the cause, then the change as SEARCH/REPLACE blocks:

{SEARCH_REPLACE} If a whole function must change, you may instead give the
complete new function in a ```python block. Do not write "# ... existing code ..." or
leave anything out inside a block. Shell commands (pip install ...) go in a separate
```bash block."""

FEEDBACK = """\
Your previous change was applied and the script was run again. It still fails:

{failure}

The code shown above is the current code, with your previous change in it. Fix this
new failure the same way."""

REFUSED_FEEDBACK = """\
Your previous answer could not be applied to the script: {reason}.
Answer again with SEARCH/REPLACE blocks that copy existing lines of the code above exactly."""

CHANGE_SYSTEM = """\
You change Python training scripts (Keras / TensorFlow) the way their author asks.
You are given the request, the code it concerns, the shapes measured when the model was
built, the installed library versions and the GPU. Make the change the request asks for,
no more: keep the script's data loading, its names, its config attributes and its import
style (for example `keras.layers.Dense` if the script writes it that way). Use only layers
and functions that exist in the installed versions. The result must build, train and fit
in the GPU's memory."""

CHANGE_FORMAT = f"""\
Answer with one sentence saying what the change does (it becomes the change's title), then
the change as SEARCH/REPLACE blocks:

{SEARCH_REPLACE} A new helper function goes in its own block, replacing the
line it should precede with the function followed by that line. Do not write
"# ... existing code ..." or leave anything out inside a block."""

CHANGE_FEEDBACK = """\
Your previous change was applied to the script and checked. It is not good yet:

{problem}

The code shown above is the current code, with your previous change in it. Change it so
that the request is met and this problem is gone."""

CHANGE_NOT_ADDRESSED = """\
Your previous change was not applied: {problem}.
The code shown above is unchanged. Make the change the request asks for, in the code it
names."""

SECTION_TITLES: dict[str, str] = {
    "failure": "Failure",
    "script": "The script",
    "failing_code": "Code where it fails",
    "traceback": "Traceback (library frames collapsed)",
    "facts": "Runtime facts",
    "dependencies": "Definitions the failing code uses",
    "config": "Configuration values",
    "model": "Model building, compile and fit",
    "imports": "Imports",
    "names": "Names in scope at the failing line",
    "feedback": "Previous attempt",
    "request": "Requested change",
    "selection": "Code the request is about",
    "model_functions": "Model-building code and the functions it calls",
    "shapes": "Shapes measured when the model was built",
    "environment": "Installed versions and GPU",
    "spelling": "How the script spells Keras",
}
