"""The static screen: what a change would do that its script did not do already.

Bridges a proposed change and the verifier's decision to run it: both texts are read
with :mod:`ast` (imports and aliases resolved), and every use of a risky capability --
starting processes, deleting files or writing outside the working copy, network access,
running code built at run time, reading credentials from the environment -- is listed.
The risks the change *adds* (not present in the original with the same target) keep it
from being run without the user's consent. The sandbox is the defence for what a static
reading cannot see; this screen makes the common cases visible before anything runs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from gptfix.runner.sandbox import is_secret_name

#: kinds of risk, in the words a reason uses
PROCESS = "start processes"
DELETE = "delete or move files"
WRITE_OUTSIDE = "write files outside its folder"
NETWORK = "use the network"
DYNAMIC = "run code built at run time"
SECRETS = "read credentials from the environment"

#: modules whose import alone means a capability
RISKY_MODULES = {
    "subprocess": PROCESS,
    "pty": PROCESS,
    "pexpect": PROCESS,
    "sh": PROCESS,
    "socket": NETWORK,
    "ssl": NETWORK,
    "urllib.request": NETWORK,
    "urllib3": NETWORK,
    "requests": NETWORK,
    "httpx": NETWORK,
    "aiohttp": NETWORK,
    "http.client": NETWORK,
    "http.server": NETWORK,
    "ftplib": NETWORK,
    "smtplib": NETWORK,
    "poplib": NETWORK,
    "imaplib": NETWORK,
    "telnetlib": NETWORK,
    "xmlrpc.client": NETWORK,
    "websocket": NETWORK,
    "websockets": NETWORK,
    "paramiko": NETWORK,
    "ctypes": DYNAMIC,
}

#: qualified callees and what calling them means
RISKY_CALLS = {
    **{f"os.{n}": PROCESS for n in ("system", "popen", "fork", "forkpty", "kill", "killpg")},
    **{
        f"os.{n}": PROCESS
        for n in (
            "execl execle execlp execlpe execv execve execvp execvpe spawnl spawnle spawnlp "
            "spawnlpe spawnv spawnve spawnvp spawnvpe posix_spawn posix_spawnp startfile"
        ).split()
    },
    **{f"os.{n}": DELETE for n in ("remove", "unlink", "rmdir", "removedirs", "rename")},
    **{f"os.{n}": DELETE for n in ("renames", "replace", "truncate")},
    **{f"shutil.{n}": DELETE for n in ("rmtree", "move")},
    "eval": DYNAMIC,
    "exec": DYNAMIC,
    "compile": DYNAMIC,
    "__import__": DYNAMIC,
    "importlib.import_module": DYNAMIC,
    "urllib.request.urlopen": NETWORK,
    "urllib.request.urlretrieve": NETWORK,
    "webbrowser.open": NETWORK,
}

#: method names that delete whatever object they are called on (pathlib.Path and alike)
DELETING_METHODS = {"unlink", "rmdir", "rmtree"}
WRITING_METHODS = {"write_text", "write_bytes", "touch", "mkdir", "symlink_to", "hardlink_to"}


@dataclass(frozen=True)
class Risk:
    """One use of a risky capability: the kind, the call or import, its line."""

    kind: str
    what: str  #: e.g. "os.remove('data.csv')", "import socket"
    line: int

    def __str__(self) -> str:
        return f"{self.what} at line {self.line}"


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Local name -> qualified name, from the text's imports."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    out[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    out[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                out[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return out


def _qualified(node: ast.expr, aliases: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    head = aliases.get(node.id, node.id)
    return ".".join([head, *reversed(parts)])


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _literal(node.values[0]) if isinstance(node.values[0], ast.Constant) else None
    if isinstance(node, ast.Call) and node.args:  # Path("/etc") / os.path.join("/x", ...)
        return _literal(node.args[0])
    if isinstance(node, ast.BinOp):
        return _literal(node.left)
    return None


def _outside(path: str | None) -> bool:
    """A literal path that leaves the working copy: absolute, home, or a parent folder."""
    if path is None:
        return False
    p = path.replace("\\", "/")
    return p.startswith(("/", "~", "../")) or p == ".." or (len(p) > 1 and p[1] == ":")


def _write_mode(call: ast.Call) -> bool:
    mode = call.args[1] if len(call.args) > 1 else None
    for kw in call.keywords:
        if kw.arg == "mode":
            mode = kw.value
    text = _literal(mode) if mode is not None else None
    return text is not None and any(c in text for c in "wax+")


def _show(call: ast.Call, name: str) -> str:
    first = _literal(call.args[0]) if call.args else None
    return f"{name}({first!r})" if first is not None else f"{name}(...)"


def risks(text: str) -> list[Risk]:
    """Every use of a risky capability in ``text`` (empty when it does not parse)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    aliases = _aliases(tree)
    found: list[Risk] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            for name in names:
                kind = RISKY_MODULES.get(name) or RISKY_MODULES.get(name.split(".")[0])
                if kind:
                    found.append(Risk(kind, f"import {name}", line))
        elif isinstance(node, ast.Call):
            found.extend(_call_risks(node, aliases, line))
        elif isinstance(node, ast.Subscript):
            key = _literal(node.slice)
            if _qualified(node.value, aliases) == "os.environ" and key and is_secret_name(key):
                found.append(Risk(SECRETS, f"os.environ[{key!r}]", line))
    return found


def _call_risks(call: ast.Call, aliases: dict[str, str], line: int) -> list[Risk]:
    name = _qualified(call.func, aliases)
    out: list[Risk] = []
    if name is not None:
        kind = RISKY_CALLS.get(name) or RISKY_MODULES.get(name.rsplit(".", 1)[0])
        if kind:
            out.append(Risk(kind, _show(call, name), line))
        if name in ("os.getenv", "os.environ.get", "os.environ.pop"):
            key = _literal(call.args[0]) if call.args else None
            if key and is_secret_name(key):
                out.append(Risk(SECRETS, f"{name}({key!r})", line))
        if name in ("open", "io.open", "builtins.open") and call.args and _write_mode(call):
            if _outside(_literal(call.args[0])):
                out.append(Risk(WRITE_OUTSIDE, _show(call, "open"), line))
    if isinstance(call.func, ast.Attribute) and not out:
        method, owner = call.func.attr, call.func.value
        if method in DELETING_METHODS:
            out.append(Risk(DELETE, f".{method}() on {ast.unparse(owner)[:60]}", line))
        elif method in WRITING_METHODS and _outside(_literal(owner)):
            out.append(Risk(WRITE_OUTSIDE, f".{method}() on {ast.unparse(owner)[:60]}", line))
    return out


def added_risks(original: str, changed: str) -> list[Risk]:
    """The risks ``changed`` has that ``original`` did not (same kind and same call)."""
    before = {(r.kind, r.what) for r in risks(original)}
    seen: set[tuple[str, str]] = set()
    out: list[Risk] = []
    for risk in risks(changed):
        key = (risk.kind, risk.what)
        if key not in before and key not in seen:
            seen.add(key)
            out.append(risk)
    return out


def describe(found: list[Risk]) -> str:
    """One line: what the change would do, e.g. "delete or move files (os.remove(...) ...)"."""
    kinds: dict[str, list[str]] = {}
    for risk in found:
        kinds.setdefault(risk.kind, []).append(str(risk))
    parts = [f"{kind} ({'; '.join(whats[:2])})" for kind, whats in kinds.items()]
    return "the change would " + ", ".join(parts)
