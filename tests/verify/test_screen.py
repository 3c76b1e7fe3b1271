"""The static screen: what a change adds that its script did not do, in words a user reads."""

from __future__ import annotations

from gptfix.verify import added_risks, describe
from gptfix.verify.screen import DELETE, DYNAMIC, NETWORK, PROCESS, SECRETS, WRITE_OUTSIDE

ORIGINAL = """\
import numpy as np
import keras

x = np.zeros((8, 4))
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile("adam", "mse")
model.fit(x, x[:, :1], epochs=1)
"""


def _kinds(changed: str, original: str = ORIGINAL) -> set[str]:
    return {r.kind for r in added_risks(original, changed)}


def test_an_ordinary_fix_adds_nothing() -> None:
    changed = ORIGINAL.replace("epochs=1", "epochs=2, batch_size=4")
    assert added_risks(ORIGINAL, changed) == []


def test_a_hostile_answer_is_described_by_what_it_would_do() -> None:
    changed = ORIGINAL + (
        "import os, socket\n"
        "os.remove('data.csv')\n"
        "open('/etc/cron.d/x', 'w').write(os.environ['OPENAI_API_KEY'])\n"
        "socket.create_connection(('example.com', 80))\n"
    )
    found = added_risks(ORIGINAL, changed)
    assert {r.kind for r in found} == {DELETE, WRITE_OUTSIDE, SECRETS, NETWORK}
    text = describe(found)
    assert "os.remove('data.csv') at line 9" in text
    assert "open('/etc/cron.d/x')" in text and "OPENAI_API_KEY" in text


def test_aliases_and_from_imports_are_seen_through() -> None:
    assert _kinds(ORIGINAL + "import subprocess as sp\nsp.run(['ls'])\n") == {PROCESS}
    assert _kinds(ORIGINAL + "from os import system as s\ns('ls')\n") == {PROCESS}
    assert _kinds(ORIGINAL + "from shutil import rmtree\nrmtree('out')\n") == {DELETE}
    assert _kinds(ORIGINAL + "from pathlib import Path\nPath('w.h5').unlink()\n") == {DELETE}
    assert _kinds(ORIGINAL + "import requests\n") == {NETWORK}
    assert _kinds(ORIGINAL + "y = eval('1 + 1')\n") == {DYNAMIC}
    assert _kinds(ORIGINAL + "m = __import__('os')\n") == {DYNAMIC}


def test_what_the_script_already_did_is_not_held_against_the_change() -> None:
    original = ORIGINAL + "import subprocess\nsubprocess.run(['nvidia-smi'])\n"
    changed = original.replace("epochs=1", "epochs=3")
    assert added_risks(original, changed) == []
    # calls are compared by callee and literal target; another callee of the kind is new
    assert _kinds(original + "subprocess.run(['rm', '-rf', 'x'])\n", original) == set()
    assert _kinds(original + "import os\nos.system('rm -rf x')\n", original) == {PROCESS}


def test_writes_inside_the_working_copy_and_model_methods_are_fine() -> None:
    changed = ORIGINAL + (
        "open('log.txt', 'w').write('ok')\n"
        "model.save('model.keras')\n"
        "model.evaluate(x, x[:, :1])\n"
        "import os\nos.makedirs('checkpoints', exist_ok=True)\n"
    )
    assert added_risks(ORIGINAL, changed) == []
    assert _kinds(ORIGINAL + "open('../secrets.txt', 'a')\n") == {WRITE_OUTSIDE}
    assert _kinds(ORIGINAL + "open('~/x', mode='w')\n") == {WRITE_OUTSIDE}
    assert _kinds(ORIGINAL + "open('/data/train.csv')\n") == set()  # reading is fine
