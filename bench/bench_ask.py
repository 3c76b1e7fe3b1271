"""Benchmark: tokens sent for a change request (`gptfix ask`) on a ~30k-character script.

The script is the one ``bench_recipes.py`` builds (the KerasCV-starter fixture's working
version padded with data-processing functions to about 30,000 characters). For each
request it compares:

- ``pasted``: the whole file plus the request (what people paste into a chat);
- ``sent``: the whole first-round request ``gptfix ask`` sends (system prompt, request,
  model-building code and the functions it calls, measured shapes, versions and GPU,
  config, compile/fit, imports, answer format), and its sections;
- whether the lines the change needs (the backbone call, the pooling line) are in it.

With ``--run`` the script is built once in build mode so the shapes section is real (as
``ask`` does); without it that section is absent. Tokens are counted with tiktoken's
o200k_base when its file is cached (``.cache/tiktoken``, built by the tests), else with
the bytes/3.2 estimate (the table says which). Run:
``.venv/bin/python bench/bench_ask.py [--run] [--budget 6000]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_recipes import make_script  # noqa: E402

from gptfix.llm import get_counter  # noqa: E402
from gptfix.llm.change_context import ChangeFacts, build_change_context, gather_facts  # noqa: E402
from gptfix.model import Script  # noqa: E402
from gptfix.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REQUESTS: list[tuple[str, str | None]] = [
    ("add a squeeze-and-excitation block after the backbone", None),
    ("replace the pooling with a small Transformer encoder", "image_pool"),
    ("ensemble EfficientNetV2B0 and ResNet50 on the image input", None),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=int, default=6000)
    parser.add_argument("--run", action="store_true", help="measure shapes with a build run")
    args = parser.parse_args()
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(ROOT / ".cache" / "tiktoken"))
    counter = get_counter("gpt-4o-mini")
    text = make_script()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "train.py"
        path.write_text(text, encoding="utf-8")
        script = Script.read(path)
        facts = ChangeFacts()
        if args.run:
            facts = gather_facts(script, Settings(), gpu_mem_gb=16)
        lines = text.split("\n")
        backbone = next(i for i, t in enumerate(lines, 1) if "x = backbone(x)" in t)
        print(f"script: {len(text):,} characters, {len(lines)} lines; budget {args.budget}")
        print(f"tokens: {counter.label}{'' if counter.exact else ' (estimate)'}")
        print(f"shapes measured: {'yes' if facts.build else 'no (pass --run)'}\n")
        print("| request | pasted (file + request) | sent by `ask` | share | needed lines in it |")
        print("|---|---:|---:|---:|:---:|")
        for request, anchor in REQUESTS:
            line = next(i for i, t in enumerate(lines, 1) if anchor in t) if anchor else None
            ctx = build_change_context(
                script, request, args.budget, facts=facts, line=line, counter=counter
            )
            pasted = counter.count(text) + counter.count(request)
            sent = ctx.total_tokens
            needed = {backbone} | ({line} if line else set())
            has = "yes" if needed <= ctx.script_lines else "no"
            where = f" (--line {line})" if line else ""
            print(f"| {request}{where} | {pasted} | {sent} | {sent / pasted:.0%} | {has} |")
        print("\nsections of the first request:")
        for sec in ctx.sections:
            state = "dropped" if sec.dropped else ("trimmed" if sec.trimmed else "")
            print(f"  {sec.name:<16} {sec.tokens:>5} {state}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
