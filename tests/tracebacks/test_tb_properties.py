"""Properties: the parser never raises on any text; locate and to_diagnosis stay inside the file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from _tb_helpers import LOGS, log_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gptfix.model import Failure, Frame
from gptfix.tracebacks import locate, parse_log, to_diagnosis
from gptfix.tracebacks.logs import decode_log

#: pieces of real logs, so random text often looks like (broken) tracebacks
_PIECES = [
    line
    for name in (
        "chained.log",
        "graph_gather.log",
        "keras_call_custom_layer.log",
        "syntax_error.log",
    )
    for line in log_text(name).splitlines()
] + [
    "Traceback (most recent call last):",
    "During handling of the above exception, another exception occurred:",
    "The above exception was the direct cause of the following exception:",
    '  File "<frozen runpy>", line 198, in _run_module_as_main',
    '  File "C:\\Users\\a\\train.py", line 0',
    "    ~~~^^^",
    "  ^",
    "\x1b[1m",
    "\r",
    "\b\b\b",
    "  • x=tf.Tensor(shape=(None, 8, 8, 64), dtype=float32)",
    '[{"stream_name":"stdout","time":1,"data":"x"}',
]

_texty = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=40)), max_size=40).map("\n".join),
)


@settings(max_examples=300, deadline=None)
@given(_texty)
def test_parse_log_never_raises_and_gives_typed_failures(text: str) -> None:
    for failure in parse_log(text):
        assert isinstance(failure.type, str) and failure.type
        assert all(frame.line >= 0 for frame in failure.frames)
        failure.to_json()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_decode_log_never_raises_on_bytes(raw: bytes) -> None:
    parse_log(decode_log(raw))


_line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc")), max_size=30
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    file_lines=st.lists(_line_text, max_size=8),
    frames=st.lists(
        st.tuples(
            st.integers(min_value=-3, max_value=15),
            st.one_of(st.none(), _line_text),
            st.one_of(st.none(), st.integers(min_value=-5, max_value=40)),
            st.one_of(st.none(), st.integers(min_value=-5, max_value=40)),
        ),
        min_size=1,
        max_size=4,
    ),
    parsed=st.booleans(),
)
def test_locate_never_points_outside_the_file(
    file_lines: list[str],
    frames: list[tuple[int, str | None, int | None, int | None]],
    parsed: bool,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "train.py"
        text = "\n".join(file_lines)
        script.write_text(text, encoding="utf-8")
        failure = Failure(
            type="ValueError",
            message="boom",
            frames=[
                Frame("/kaggle/working/train.py", line, "<module>", source, col, end)
                for line, source, col, end in frames
            ],
            text="parsed" if parsed else None,
        )
        located = locate(failure, script)
        lines = script.read_text(encoding="utf-8").splitlines()
        for loc in [located.location, to_diagnosis(located, text).location]:
            if loc is None:
                continue
            n = max(len(lines), 1)
            assert 1 <= loc.line <= n
            width = len(lines[loc.line - 1]) + 1 if lines else 1
            assert 1 <= loc.column <= width
            if loc.end_column is not None:
                assert loc.column <= loc.end_column <= width


def test_every_captured_log_parses_to_at_least_one_failure() -> None:
    for path in sorted(LOGS.iterdir()):
        if path.suffix in (".log", ".out", ".json"):
            assert parse_log(decode_log(path.read_bytes())), path.name
