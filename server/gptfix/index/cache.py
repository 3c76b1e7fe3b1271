"""The process-wide cache of script indexes, and :func:`build_index`, which answers from it.

The same text of the same file is indexed once however many parts ask (a fix round asks
from the rules, the verifier and the latent-failure check); the cache also keeps the last
good index of a document while the user is typing code that does not parse yet.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections import OrderedDict

from gptfix.index.script import ScriptIndex, index_text


def build_index(text: str, path: str | None = None) -> ScriptIndex:
    """Index ``text``. Never raises for bad code: an unparsable text gives an empty index
    with ``syntax_error`` set (:meth:`IndexCache.update` keeps the last good one).

    The same ``text`` gives the same (shared, not to be changed) facts while it is among
    the recent ones of :data:`INDEXES`.
    """
    return INDEXES.index(text, path)


class IndexCache:
    """The indexes of recent texts, and the last good index per document.

    :meth:`index` builds once per text among the ``size`` most recently asked (the path
    is only carried along: asked with another, the same facts come with that path);
    :meth:`update` is for a document being typed: while its newer text does not parse,
    the last good index, marked ``stale``. Safe to use from several threads.
    """

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self.builds = 0  #: indexes built (tests and benches)
        self._recent: OrderedDict[str, ScriptIndex] = OrderedDict()
        self._lock = threading.Lock()
        self._good: dict[str, ScriptIndex] = {}
        self._last: dict[str, ScriptIndex] = {}
        self._last_text: dict[str, str] = {}  #: the text ``_last`` answers for (a stale
        #: index keeps the older good text, so its own ``text`` cannot tell)

    def index(self, text: str, path: str | None = None) -> ScriptIndex:
        """The index of ``text`` at ``path``, built unless it is among the recent ones."""
        with self._lock:
            found = self._recent.get(text)
            if found is not None:
                self._recent.move_to_end(text)
        if found is not None:
            if found.path == path:
                return found
            same = copy.copy(found)  # the same facts, shared; only the path differs
            same.path = path
            return same
        built = index_text(text, path)
        with self._lock:
            self.builds += 1
            self._recent[text] = built
            while len(self._recent) > self.size:
                self._recent.popitem(last=False)
        return built

    def recent(self) -> int:
        """How many distinct texts are held."""
        with self._lock:
            return len(self._recent)

    def update(self, text: str, path: str | None = None) -> ScriptIndex:
        """The index of ``text``; for unparsable text, the last good index of the same
        ``path`` marked ``stale`` and carrying the new ``syntax_error``."""
        key = path or "<script>"
        with self._lock:
            last = self._last.get(key)
            if last is not None and self._last_text.get(key) == text:
                return last
        index = self.index(text, path)
        with self._lock:
            if index.syntax_error is not None and key in self._good:
                index = dataclasses.replace(
                    self._good[key], syntax_error=index.syntax_error, stale=True
                )
            elif index.syntax_error is None:
                self._good[key] = index
            self._last[key] = index
            self._last_text[key] = text
        return index

    def get(self, path: str | None = None) -> ScriptIndex | None:
        with self._lock:
            return self._last.get(path or "<script>")

    def forget(self, path: str | None = None) -> None:
        with self._lock:
            for table in (self._good, self._last, self._last_text):
                table.pop(path or "<script>", None)

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._recent.clear()
            self._good.clear()
            self._last.clear()
            self._last_text.clear()
            self.builds = 0


#: the process's one index cache (what :func:`build_index` answers from)
INDEXES = IndexCache()


__all__ = ["INDEXES", "IndexCache", "build_index"]
