"""A notebook's code cells as one program: IPython syntax neutralised, positions kept."""

from __future__ import annotations

import ast

from gptfix.notebook import build_program
from gptfix.notebook.program import runnable_text


def test_magics_shell_and_help_become_comments_one_line_for_one_line():
    cell = "\n".join(
        [
            "%pip install -q keras-cv",
            "import os",
            "files = !ls /kaggle/input",
            "if os.name:",
            "    !nvidia-smi",
            "os.path.join?",
            "text = ('a'",
            "  % 3)",
            "doc = '''",
            "%not a magic inside a string",
            "'''",
        ]
    )
    program = build_program([(0, "c0", cell, 1)])
    lines = program.text.splitlines()
    assert lines[0] == "# %% cell 1"
    assert lines[1:] == [
        "# %pip install -q keras-cv",
        "import os",
        "# files = !ls /kaggle/input",
        "if os.name:",
        "    pass  # !nvidia-smi",
        "# os.path.join?",
        "text = ('a'",
        "  % 3)",
        "doc = '''",
        "%not a magic inside a string",
        "'''",
    ]
    ast.parse(program.text)


def test_cell_magics_keep_a_python_body_and_comment_any_other():
    program = build_program(
        [(0, None, "%%time\nx = 1\ny = x + 1", None), (1, None, "%%bash\necho hi\nls", None)]
    )
    assert program.text.splitlines() == [
        "# %% cell 1",
        "# %%time",
        "x = 1",
        "y = x + 1",
        "# %% cell 2",
        "# %%bash",
        "# echo hi",
        "# ls",
    ]


def test_the_position_map_goes_both_ways():
    program = build_program(
        [(1, "a", "import numpy as np\nx = np.ones(3)\n", 1), (3, "b", "y = x * 2\nprint(y)", 2)]
    )
    # cell index 3 (the fourth cell; markdown in between) starts after its header
    assert program.program_line(3, 2) == 6
    place = program.place(6)
    assert place is not None and (place.cell.index, place.cell.number, place.line) == (3, 4, 2)
    assert place.cell.id == "b"
    assert program.place(1) is None  # a header is no cell line
    for cell in program.cells:
        for k in range(1, len(cell.lines) + 1):
            line = program.program_line(cell.index, k)
            assert line is not None
            back = program.place(line)
            assert back is not None and (back.cell.index, back.line) == (cell.index, k)


def test_display_is_defined_for_a_script_run_without_moving_lines():
    program = build_program([(0, None, "x = 3\ndisplay(x)", None)])
    text = runnable_text(program.text)
    assert text.count("\n") == program.text.count("\n")
    assert text.splitlines()[2] == "display(x)"
    ast.parse(text)
