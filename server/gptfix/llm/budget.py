"""Token counting for the context budget: tiktoken when its files are local, else an estimate.

Bridges the context builder and tiktoken without ever blocking on the network.
tiktoken downloads its encoding files on first use with no timeout, so this module
only hands tiktoken a file it has already found on disk (``TIKTOKEN_CACHE_DIR``,
``DATA_GYM_CACHE_DIR``, tiktoken's temp cache, or ``<gptfix cache>/tiktoken``) and
checked against tiktoken's pinned sha256. A download is attempted only when the
caller allows it, in a daemon thread with a deadline. When no encoding can be
loaded, counts fall back to ``ceil(utf8 bytes / 3.2)``, which errs high on Python
code, and the counter says it is an estimate.

:func:`expand_js_tiktoken` builds the cache files offline from the ranks the npm
package ``js-tiktoken`` ships (``dist/ranks/<name>.cjs``); the result is byte-identical
to the official files.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from gptfix.llm.cache import cache_dir

_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"

#: encoding name -> sha256 tiktoken pins for the official file (tiktoken_ext.openai_public).
PINNED_SHA256: dict[str, str] = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}

#: bytes per token assumed by the estimate; about 10 % fewer than real tokenizers
#: produce on Python code, so the estimate errs high (bytes/4 undercounts by 13-15 %).
ESTIMATE_BYTES_PER_TOKEN = 3.2

_LOCK = threading.Lock()
_LOADED: dict[str, Any] = {}


class _Encoder(Protocol):
    def encode(self, text: str, *, disallowed_special: Any = ...) -> list[int]: ...


@dataclass
class TokenCounter:
    """Counts tokens of text; ``exact`` is False when counts are the bytes/3.2 estimate."""

    name: str  #: encoding name, or "estimate"
    exact: bool
    encoder: _Encoder | None = None

    def count(self, text: str) -> int:
        if self.encoder is not None:
            return len(self.encoder.encode(text, disallowed_special=()))
        return estimate_tokens(text)

    @property
    def label(self) -> str:
        """How counts were made, for the UI: ``o200k_base`` or ``estimate (bytes/3.2)``."""
        return self.name if self.exact else f"estimate (bytes/{ESTIMATE_BYTES_PER_TOKEN})"


def estimate_tokens(text: str) -> int:
    """An upper estimate of the token count of ``text`` without a tokenizer."""
    return math.ceil(len(text.encode("utf-8")) / ESTIMATE_BYTES_PER_TOKEN)


def encoding_for_model(model: str) -> str:
    """The tiktoken encoding for ``model``; o200k_base for models tiktoken does not know."""
    try:
        import tiktoken.model

        name = tiktoken.model.encoding_name_for_model(model)
    except (ImportError, KeyError):
        return "o200k_base"
    return name if name in PINNED_SHA256 else "o200k_base"


def cache_file_name(encoding: str) -> str:
    """The file name tiktoken caches ``encoding`` under: sha1 of its download URL."""
    return hashlib.sha1(_URL.format(name=encoding).encode()).hexdigest()


def _candidate_dirs() -> list[Path]:
    dirs = []
    for env in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        value = os.environ.get(env)
        if value:
            dirs.append(Path(value))
    dirs.append(Path(tempfile.gettempdir()) / "data-gym-cache")
    dirs.append(cache_dir() / "tiktoken")
    return dirs


def find_local_encoding(encoding: str) -> Path | None:
    """A local copy of ``encoding`` whose sha256 matches tiktoken's pin, or None."""
    expected = PINNED_SHA256.get(encoding)
    if expected is None:
        return None
    fname = cache_file_name(encoding)
    for folder in _candidate_dirs():
        path = folder / fname
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == expected:
            return path
    return None


def _load_from(path: Path, encoding: str) -> Any:
    """Have tiktoken load ``encoding`` from the folder holding ``path`` (no network)."""
    import tiktoken

    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(path.parent)
    try:
        return tiktoken.get_encoding(encoding)
    finally:
        if previous is None:
            os.environ.pop("TIKTOKEN_CACHE_DIR", None)
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = previous


def _download(encoding: str, deadline_s: float) -> Any:
    """tiktoken's own download, in a daemon thread; None if it fails or is too slow."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            import tiktoken

            box["enc"] = tiktoken.get_encoding(encoding)
        except Exception:  # any network/hash failure means "no tokenizer"
            box["enc"] = None

    thread = threading.Thread(target=work, name="gptfix-tiktoken-download", daemon=True)
    thread.start()
    thread.join(deadline_s)
    return box.get("enc")


def get_counter(
    model: str = "gpt-4o-mini", *, allow_download: bool = False, deadline_s: float = 3.0
) -> TokenCounter:
    """A counter for ``model``: exact when the encoding is on disk (or downloads in time).

    ``GPTFIX_TOKENIZER=estimate`` forces the estimate.
    """
    if os.environ.get("GPTFIX_TOKENIZER", "").lower() == "estimate":
        return TokenCounter("estimate", False)
    encoding = encoding_for_model(model)
    with _LOCK:
        if encoding in _LOADED:
            return TokenCounter(encoding, True, _LOADED[encoding])
        enc = None
        path = find_local_encoding(encoding)
        if path is not None:
            try:
                enc = _load_from(path, encoding)
            except (ImportError, ValueError, OSError):
                enc = None
        if enc is None and allow_download:
            enc = _download(encoding, deadline_s)
        if enc is None:
            return TokenCounter("estimate", False)
        _LOADED[encoding] = enc
        return TokenCounter(encoding, True, enc)


def expand_js_tiktoken(ranks_cjs: Path, dest_dir: Path) -> Path:
    """Expand a js-tiktoken ``dist/ranks/<name>.cjs`` file into tiktoken's cache format.

    Writes ``dest_dir/<sha1 of the official URL>`` and returns it. Raises ValueError
    when the result does not match tiktoken's pinned sha256 (nothing is written then).
    """
    encoding = ranks_cjs.name.split(".")[0]
    expected = PINNED_SHA256.get(encoding)
    if expected is None:
        raise ValueError(
            f"{ranks_cjs.name}: not an encoding gptfix knows ({sorted(PINNED_SHA256)})"
        )
    raw = ranks_cjs.read_text(encoding="utf-8")
    start, end = raw.find("{"), raw.rfind("}")
    data = json.loads(raw[start : end + 1])
    pairs: list[tuple[int, str]] = []
    for line in str(data["bpe_ranks"]).split("\n"):
        if not line:
            continue
        _, offset, *tokens = line.split(" ")
        base = int(offset)
        pairs.extend((base + i, tok) for i, tok in enumerate(tokens))
    pairs.sort()
    blob = "".join(f"{tok} {rank}\n" for rank, tok in pairs).encode("ascii")
    if hashlib.sha256(blob).hexdigest() != expected:
        raise ValueError(f"{ranks_cjs}: expanded ranks do not match tiktoken's pinned sha256")
    dest_dir.mkdir(parents=True, exist_ok=True)
    out = dest_dir / cache_file_name(encoding)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(blob)
    os.replace(tmp, out)
    return out
