"""Notebook overhead: read + program build, and writing one changed cell back.

Usage: ``.venv/bin/python bench/bench_notebook.py [--repeat N]``. Builds notebooks of growing
size from the KerasCV-starter fixture notebook (its cells repeated, outputs kept) and times
``read_document`` (nbformat's read, the program, the source spans) and ``Document.file_text``
for a one-line change in the last code cell (the edit, then the re-read that proves only that
cell changed). No TensorFlow.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from gptfix.notebook import read_document

SOURCE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "notebooks" / "kerascv-starter-colab.ipynb"
)


def _scaled(times: int, folder: Path) -> Path:
    nb = json.loads(SOURCE.read_text(encoding="utf-8"))
    cells = [json.loads(json.dumps(c)) for _ in range(times) for c in nb["cells"]]
    for i, cell in enumerate(cells):
        cell["outputs" if cell["cell_type"] == "code" else "metadata"] = (
            [{"name": "stdout", "output_type": "stream", "text": ["epoch 1/1\n"] * 20}]
            if cell["cell_type"] == "code"
            else {"id": f"m{i}"}
        )
    nb["cells"] = cells
    path = folder / f"nb-x{times}.ipynb"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| cells | file size | program lines | read_document | write-back of one cell |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for times in (1, 4, 16):
            path = _scaled(times, Path(tmp))
            doc = read_document(path)
            lines = doc.text.splitlines()
            lines.append("print('changed')")
            new = "\n".join(lines) + "\n"
            read_s = _best(lambda p=path: read_document(p), args.repeat)
            write_s = _best(lambda d=doc, n=new: d.file_text(n), args.repeat)
            cells = len(json.loads(path.read_text(encoding="utf-8"))["cells"])
            size = path.stat().st_size / 1024
            print(
                f"| {cells} | {size:.0f} KB | {len(lines)} | {read_s * 1000:.1f} ms "
                f"| {write_s * 1000:.1f} ms |"
            )


if __name__ == "__main__":
    main()
