"""Edits an answer gives as shell commands: ``sed -i 's/A/B/' train.py`` and a patch or a
file fed through a heredoc (``patch -p0 <<'EOF'`` ... ``EOF``).

Answers from coding assistants and forums sometimes hand the change over as a command to
run rather than code to paste. Such a block is an edit all the same: a ``sed``
substitution is the inline change "replace ``A`` with ``B``" (its pattern read as literal
text once its escapes are undone; a pattern with regular-expression syntax left in it, a
replacement with back-references or line breaks, or a command on another file than a
Python script or notebook is not read), and a heredoc's body is the diff or code it feeds. :func:`heredoc_body` and
:func:`sed_substitutions` read them; :mod:`gptfix.llm.answer` turns them into blocks.
"""

from __future__ import annotations

import re
import shlex

#: ``patch -p0 <<'EOF'``, ``cat > train.py << EOF``, ``git apply <<-"PATCH"``
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)(?P<tag>[A-Za-z_]\w*)\1\s*$")
#: regular-expression syntax a literal pattern does not have once escapes are undone
_REGEX = re.compile(r"(?<!\\)(?:[*^$]|\[[^\]]*\]|\\[dDsSwWbB+?])")


def heredoc_body(body: str) -> str | None:
    """The text a shell block feeds through its one heredoc (the lines between the
    ``<<TAG`` line and the ``TAG`` line), or None when it has none."""
    lines = body.strip("\n").split("\n")
    for i, line in enumerate(lines):
        m = _HEREDOC.search(line)
        if m is None:
            continue
        target = re.search(r">\s*([^\s<>|;&]+)", line[: m.start()])
        if target is not None and not _a_script(target.group(1)):
            return None  # ``cat > requirements.txt <<EOF``: another file
        for j in range(i + 1, len(lines)):
            if lines[j].strip() == m["tag"]:
                inner = "\n".join(lines[i + 1 : j])
                return inner + "\n" if inner.strip() else None
        return None
    return None


def _a_script(path: str) -> bool:
    """A file a command names that can be the user's script (a Python file or notebook)."""
    return path.endswith((".py", ".ipynb"))


def _unescape(text: str, delimiter: str, *, pattern: bool) -> str | None:
    """A sed pattern or replacement as literal text; None when it is a real pattern (or a
    replacement with back-references)."""
    if pattern and _REGEX.search(text.replace(f"\\{delimiter}", "")):
        return None
    if not pattern and re.search(r"\\[0-9&nt]|(?<!\\)&", text):
        return None  # back-references, or a line break GNU sed writes for ``\n``
    return re.sub(r"\\(.)", r"\1", text)


def sed_substitutions(body: str) -> list[tuple[str, str]]:
    """The ``(old, new)`` literal substitutions of the block's ``sed`` commands (``s/A/B/``
    or ``s|A|B|g``), in order; [] when any ``sed`` command is not one such."""
    out: list[tuple[str, str]] = []
    for line in body.strip().split("\n"):
        line = line.strip().lstrip("$ ").strip()
        if not re.match(r"sed\b", line):
            continue
        try:
            words = shlex.split(line)
        except ValueError:
            return []
        scripts = [w for k, w in enumerate(words[1:], 1) if words[k - 1] == "-e"]
        rest = [w for w in words[1:] if not w.startswith("-") and w not in scripts]
        if not scripts:
            scripts, rest = rest[:1], rest[1:]
        if any(not _a_script(f) for f in rest):
            return []  # ``sed -i 's/adam/sgd/' config.yaml``: another file
        for script in scripts:
            m = re.fullmatch(r"s(.)(?P<rest>.*)", script, re.S)
            if m is None:
                return []
            d = m.group(1)
            parts = re.split(rf"(?<!\\){re.escape(d)}", m["rest"])
            if len(parts) != 3 or parts[2].strip("gI") != "":
                return []
            old = _unescape(parts[0], d, pattern=True)
            new = _unescape(parts[1], d, pattern=False)
            if old is None or new is None or not old.strip():
                return []
            out.append((old, new))
    return out
