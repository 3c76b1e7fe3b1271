"""One set of redaction rules: the server and the user's interpreter agree, case by case.

The boot hook's copy runs in an isolated interpreter (``-I -S``, only the boot folder on
its path) exactly as it runs inside the user's process; its output must be the server's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gptfix import _boot
from gptfix.redact import REDACTED, redact, redact_secrets, redact_value

#: (text, secret value that must go, text that must stay)
CASES = [
    ('api_key = "Tr0ub4dor-and-3"', "Tr0ub4dor-and-3", "api_key = "),
    ("password = 'hunter2'", "hunter2", "password"),
    ('refresh_token = "plain-refresh-1"', "plain-refresh-1", "refresh_token"),
    ('eos_token_secret = "q1w2e3"', "q1w2e3", "eos_token_secret"),
    ('token: str = "plain-token-value"', "plain-token-value", "token: str"),
    ('secret = "two words"', "two words", "secret"),
    ('client = OpenAI(api_key="kw-key-value")', "kw-key-value", "OpenAI(api_key="),
    ('cfg = {"api_key": "dict-value-1", "lr": 0.1}', "dict-value-1", '"lr": 0.1'),
    ("self.db_password = 'x9'", "x9", "self.db_password"),
    ('os.environ["HF_TOKEN"] = "abc-123"', "abc-123", "HF_TOKEN"),
    ('os.environ.setdefault("WANDB_API_KEY", "w4ndb")', "w4ndb", "WANDB_API_KEY"),
    ("export AWS_SECRET_ACCESS_KEY=abcDEF123", "abcDEF123", "export AWS_SECRET_ACCESS_KEY="),
    ('headers = {"X-Api-Key": "hdr-value"}', "hdr-value", "X-Api-Key"),
    ("key = sk-ab12cd", "sk-ab12cd", "key = "),
    ("sk-proj-Zz9", "sk-proj-Zz9", ""),
    ("token hf_Ab3dEf6hIj in a log", "hf_Ab3dEf6hIj", "in a log"),
    ("ghp_a1B2c3 gho_x9Y8 github_pat_11AB", "ghp_a1B2c3", ""),
    ("xoxb-1234-abcd", "xoxb-1234-abcd", ""),
    ("AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", ""),
    ("AIzaSyA1b2C3d4E5f6", "AIzaSyA1b2C3d4E5f6", ""),
    ("glpat-xYz12345", "glpat-xYz12345", ""),
    ('argv = ["--password", "cli-pass-1"]', "cli-pass-1", "--password"),
    ('wandb_key = "0123456789abcdef0123456789abcdef01234567"', "0123456789abcdef", "wandb_key"),
    ("train.py --api-key=flag-value-2", "flag-value-2", "--api-key="),
    ("Authorization: Bearer abc.def-ghi123", "abc.def-ghi123", "Authorization"),
    ("blob = 'q8Zr3KpV7mXw2LnT9bYc4HdJ6fGs1AeQ'", "q8Zr3KpV7mXw2LnT9bYc4HdJ6fGs1AeQ", "blob"),
]
#: text that names secrets or looks technical, and must come through unchanged
KEPT = [
    'key = os.environ.get("OPENAI_API_KEY")',
    'tok = Tokenizer(num_words=10000, oov_token="<OOV>")',
    'pad_token = "[PAD]"',
    "for key in history.history:",
    'monitor = "val_loss"; key = "accuracy"',
    "pip install scikit-learn  # sk-learn",
    "num_tokens = 512",
    'start_token = "startseq"; end_token = "endseq"',
    '{"command": "gptfix.runNotebook", "workDoneToken": "3f2a9c1e-6b1d-4c5e-9f0a-1b2c3d4e5f60"}',
    "work_done_token='7d0f9b7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f'",
    "weights = 'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5'",
    "sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'",
    "hf_model = load(hf_hub_download('org/model'))",
    "print(token, 'is set')",
    'sort_key = "val_loss"; label_key = "label_2"',
    'df["path"] = CFG.data_dir + "/train_images/" + df["image_id"]',
]


@pytest.mark.parametrize(("text", "gone", "kept"), CASES, ids=[c[0][:30] for c in CASES])
def test_secret_is_removed(text: str, gone: str, kept: str) -> None:
    out = redact_secrets(text)
    assert gone not in out and REDACTED in out
    assert kept in out


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_code_is_kept(text: str) -> None:
    assert redact_secrets(text) == text


def test_the_boot_hook_applies_the_same_rules_in_an_isolated_interpreter() -> None:
    texts = [c[0] for c in CASES] + KEPT
    probe = (
        "import json, sys, _gptfix_boot_secrets as s\n"
        "print(json.dumps([s.redact_secrets(t) for t in json.loads(sys.stdin.read())]))\n"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            f"import sys; sys.path.insert(0, {str(_boot.BOOT_DIR)!r})\n{probe}",
        ],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == [redact_secrets(t) for t in texts]


def test_lines_are_kept_and_paths_outside_home_are_not_sent(tmp_path: Path) -> None:
    base = tmp_path / "proj"
    text = (
        f'DATA = "{base}/data/train.csv"\n'
        'OUT = "/srv/acme-clients/q3/out.csv"\n'
        f'HOME = "{Path.home()}/notes.txt"\n'
        'lib = "/usr/lib/python3/site-packages/keras/src/models.py"\n'
    )
    red = redact(text, base=base)
    assert red.text.count("\n") == text.count("\n")
    assert 'DATA = "data/train.csv"' in red.text
    assert "acme-clients" not in red.text and '"<path>/out.csv"' in red.text
    assert '"~/notes.txt"' in red.text
    assert "site-packages/keras/src/models.py" in red.text
    assert "/usr/lib" not in red.text
    fragment = 'df["path"] = CFG.data_dir + "/train_images/" + df["image_id"]'
    assert redact(fragment, base=base).text == fragment  # a path piece, not a path


def test_json_values_lose_secrets_by_key_and_shape() -> None:
    data = {"api_key": "x", "nested": [{"password": "y"}, "sk-ab12cd"], "lr": 0.1}
    clean = redact_value(data)
    assert clean == {"api_key": REDACTED, "nested": [{"password": REDACTED}, REDACTED], "lr": 0.1}
