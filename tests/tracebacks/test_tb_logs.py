"""Reading log files: Kaggle JSON, ANSI colours, progress-bar rewrites, encodings, bad paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _tb_helpers import LOGS, log_text

from gptfix.errors import EXIT_UNREADABLE, GptfixError
from gptfix.tracebacks import parse_log, read_log


def test_ansi_and_progress_bars_become_the_final_text_of_each_line() -> None:
    raw = log_text("fit_progress_ansi.log")
    assert "\x1b[" in raw and "\r" in raw and "\b" in raw  # the capture really has them
    text = read_log(LOGS / "fit_progress_ansi.log")
    assert "\x1b" not in text and "\r" not in text and "\b" not in text
    bars = [line for line in text.splitlines() if line.startswith("8/8 ")]
    # one final bar per epoch, each showing the epoch's last metrics, not the first step's
    assert len(bars) == 2
    assert all("accuracy:" in bar and "loss:" in bar for bar in bars)
    assert "Epoch 2/2" in text
    # the bold ANSI codes inside Keras' message are gone from the parsed message too
    failure = parse_log(raw)[-1]
    assert failure.message.startswith("Exception encountered when calling Sequential.call().")
    assert "\x1b" not in failure.message


def test_kaggle_json_is_the_streams_data_in_time_order() -> None:
    records = json.loads((LOGS / "kaggle_train.json").read_text(encoding="utf-8"))
    assert {r["stream_name"] for r in records} == {"stdout", "stderr"}
    text = read_log(LOGS / "kaggle_train.json")
    assert not text.lstrip().startswith("[{")
    tb_at = text.index("Traceback (most recent call last):")
    first_epoch = text.index("Epoch 1/2")
    assert first_epoch < tb_at
    assert 'File "/kaggle/working/train.py", line 23' in text
    failures = parse_log(text)
    assert [f.type for f in failures] == ["ValueError"]


def test_kaggle_records_out_of_order_are_sorted_by_time(tmp_path: Path) -> None:
    records = json.loads((LOGS / "kaggle_train.json").read_text(encoding="utf-8"))
    shuffled = tmp_path / "log.json"
    shuffled.write_text(json.dumps(list(reversed(records))), encoding="utf-8")
    assert read_log(shuffled) == read_log(LOGS / "kaggle_train.json")


def test_truncated_kaggle_json_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    full = (LOGS / "kaggle_train.json").read_text(encoding="utf-8")
    cut = full[: full.index('"data":"Traceback') + 40]  # downloaded while the kernel ran
    path = tmp_path / "partial.json"
    path.write_text(cut, encoding="utf-8")
    text = read_log(path)
    assert "Epoch 1/2" in text
    assert "Traceback" not in text  # the record holding it was cut off mid-string


def test_utf16_log_from_a_windows_shell(tmp_path: Path) -> None:
    text = log_text("cjk_py311.log")
    path = tmp_path / "run.log"
    path.write_bytes(text.encode("utf-16"))  # PowerShell's `>` writes UTF-16 with a BOM
    assert read_log(path) == text
    assert parse_log(read_log(path))[0].message == "'基础学习率'"


def test_invalid_utf8_bytes_are_replaced_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "run.log"
    path.write_bytes(b"\xfa\xfb junk \xc3\n" + (LOGS / "name_error.log").read_bytes())
    failures = parse_log(read_log(path))
    assert [f.type for f in failures] == ["NameError"]


@pytest.mark.parametrize("make", ["missing", "folder"])
def test_unreadable_log_is_a_one_line_error(tmp_path: Path, make: str) -> None:
    path = tmp_path / "run.log"
    if make == "folder":
        path.mkdir()
    with pytest.raises(GptfixError) as err:
        read_log(path)
    assert err.value.exit_code == EXIT_UNREADABLE
    assert "\n" not in err.value.message and str(path) in err.value.message


def test_rewrites_overlay_like_a_terminal() -> None:
    from gptfix.tracebacks.logs import collapse_rewrites

    assert collapse_rewrites("abcdef\rXY\n") == "XYcdef\n"
    assert collapse_rewrites("loss: 0.9\b\b\b0.5\r\n") == "loss: 0.5\n"
    assert collapse_rewrites("1/8 [>...]\r8/8 [====]\nDone") == "8/8 [====]\nDone"


def test_a_log_copied_from_kaggles_viewer_loses_its_time_and_row_columns() -> None:
    # the colab log, laid out as Kaggle's log viewer shows it: "Time  #  Log Message"
    rows = log_text("colab_lr.log").splitlines()
    copied = "Time\t#\tLog Message\n" + "".join(
        f"{3.5 + i / 10:.1f}s\t{i}\t{line}\n" for i, line in enumerate(rows, 1)
    )
    [plain] = parse_log(log_text("colab_lr.log"))
    [failure] = parse_log(copied)
    assert (failure.type, failure.message) == (plain.type, plain.message)
    assert [(f.file, f.line, f.source) for f in failure.frames] == [
        (f.file, f.line, f.source) for f in plain.frames
    ]


def test_a_warning_printed_after_the_traceback_is_not_part_of_the_message() -> None:
    log = (
        "Traceback (most recent call last):\n"
        '  File "/kaggle/working/train.py", line 3, in <module>\n'
        "    x = 1 / 0\n"
        "ZeroDivisionError: division by zero\n"
        "/opt/conda/lib/python3.10/site-packages/traitlets/traitlets.py:2930: "
        "FutureWarning: --Exporter.preprocessors is deprecated\n"
    )
    [failure] = parse_log(log)
    assert failure.message == "division by zero"
