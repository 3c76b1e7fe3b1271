"""Code blocks of an answer that are not edits of the script, and why, told by their content.

Complements :mod:`gptfix.llm.roles` (inspection snippets, "before" code) with the kinds
of block that say what they are by what they contain rather than by the prose around them:

- :func:`repl_session` -- an interactive session (``>>> x.shape`` followed by its output,
  ``In [3]:`` prompts): a transcript to read, not code to paste;
- :func:`demonstration` -- a self-contained reproduction with its own fresh names
  (``a = tf.constant([2])``, ``a * b``) that reads none of the script's values and feeds
  no other block: it shows the error, it does not fix it;
- :func:`foreign_framework` -- code written for another deep-learning framework
  (``import torch``, ``pytorch_lightning``) than the script's;
- :func:`program_output` -- values a run prints (``(128, 28, 28, 1) (128,)``,
  ``[0.91, 0.88]``): what the user should see, not code;
- :func:`value_placeholders` -- ``input_shape=...`` left for the user to fill in.

:func:`not_an_edit` says why a block that found no place in the script is no edit at all
(the "before" code of a later fix, a demonstration); :func:`real_reason` puts a value left
to fill in ahead of the reason a block was refused.
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import textwrap
import tokenize

from gptfix.index import CONVENTIONAL
from gptfix.llm.answer import Block
from gptfix.llm.blocks import introducing
from gptfix.llm.probes import inspection
from gptfix.llm.prose_place import cues
from gptfix.llm.roles import before_example, in_script, removal_request
from gptfix.llm.stmts import stmt_key

_PROMPT = re.compile(r"^\s*(>>>|In \[\d*\]:)")

#: frameworks a Keras/TensorFlow script does not mix with its own model code
_FRAMEWORKS = frozenset(
    "torch torchvision pytorch_lightning lightning jax flax haiku mxnet paddle chainer "
    "fastai".split()
)


def repl_session(code: str) -> bool:
    """True when the block is an interactive session: its code lines carry prompts."""
    lines = [x for x in code.split("\n") if x.strip()]
    if not lines:
        return False
    prompts = [x for x in lines if _PROMPT.match(x)]
    return bool(prompts) and _PROMPT.match(lines[0]) is not None


#: names a printed value shows (``None``, ``nan``) and reprs of arrays and tensors
_VALUE_NAMES = frozenset(
    "None True False nan inf array dtype shape float32 float64 int32 int64".split()
)
_REPRS = re.compile(
    r"^\s*<?(?:tf\.Tensor|TensorShape|array|KerasTensor|dict_keys|dict_values|dict_items|"
    r"odict_keys|Counter|OrderedDict|defaultdict)\(|"
    # a dataset's ``element_spec``: ``(TensorSpec(shape=(None, 48), ...), {'box': TensorSpec(``
    r"^[\s(\[{]*(?:'[^'\n]*'\s*:\s*)?(?:Ragged|Sparse)?TensorSpec\("
)
_LITERAL_OPS = frozenset("( ) [ ] { } , . : - + = / ... < >".split())


#: values an error message names: ``target.shape=(32,), output.shape=(32, 7, 7, 4)`` -- an
#: attribute set with no spaces around ``=``, as no script writes it
_SAID_VALUES = re.compile(r"[A-Za-z_]\w*\.[\w.]+=\S.*?(?:,\s+[A-Za-z_][\w.]*=\S.*?)*")


def _printed_line(line: str) -> bool:
    """True when a line is values as a program prints them: numbers, tuples, strings."""
    if line.strip() in ("...", "\u2026") or _REPRS.match(line):
        return True
    said = _SAID_VALUES.fullmatch(line.strip())
    if said is not None:  # "output.shape=(32, 7, 7, 4)", as an error message writes it
        return all(
            _printed_line(x.split("=", 1)[1]) for x in re.split(r",\s+(?=[\w.]+=)", line.strip())
        )
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line.strip()).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return False
    numbers = 0
    for tok in tokens:
        if tok.type == tokenize.NUMBER:
            numbers += 1
        elif tok.type == tokenize.OP and tok.string not in _LITERAL_OPS:
            return False
        elif tok.type == tokenize.NAME and tok.string not in _VALUE_NAMES:
            return False
        elif tok.type not in (
            tokenize.NUMBER,
            tokenize.OP,
            tokenize.NAME,
            tokenize.STRING,
            tokenize.NEWLINE,
            tokenize.NL,
            tokenize.ENDMARKER,
        ):
            return False
    return numbers > 0 or line.strip() in ("None", "True", "False")


def program_output(code: str) -> bool:
    """True when the block is only values a run prints (shapes, numbers, reprs)."""
    lines = [x for x in code.split("\n") if x.strip()]
    if (
        len(lines) > 1
        and re.fullmatch(r"\s*\w+(?:\s*,\s*\w+)+\s*", lines[0])
        and all(x.count(",") == lines[0].count(",") for x in lines[1:] if x.strip() != "...")
    ):
        lines = lines[1:]  # a CSV file's header row over its rows (a log written by a run)
    return (
        bool(lines)
        and all(_printed_line(x) for x in lines)
        and any(x.strip() not in ("...", "\u2026") for x in lines)
    )


def _script_entries(code: str, script_text: str) -> bool:
    """Lines that are entries of one of the script's dicts (``"emb_dim": 16,`` where the
    script writes ``"emb_dim": 8,``): a config entry given a new value, not printed output."""
    lines = [x for x in code.split("\n") if x.strip()]
    keys = [re.match(r"\s*([\"'])(\w+)\1\s*:\s*\S", x) for x in lines]
    return bool(lines) and all(
        k is not None and re.search(rf"([\"']){k.group(2)}\1\s*:", script_text) for k in keys
    )


def _named_dict_entries(block: Block, script_text: str) -> bool:
    """Entry lines (``"seed": 7,``) under prose that names one of the script's dicts ("add
    a seed to `PARAMS`"): new entries of it, not printed output."""
    lines = [x for x in block.text.split("\n") if x.strip()]
    said = re.findall(r"`([A-Za-z_]\w*)`", introducing(block.prose))
    return (
        bool(lines)
        and all(re.match(r"\s*([\"'])[^\"'\n]+\1\s*:\s*\S", x) for x in lines)
        and any(
            re.search(rf"(?m)^\s*{re.escape(n)}\s*=\s*(?:dict\()?\{{", script_text) for n in said
        )
    )


def _names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(names read, names bound) anywhere in ``tree``."""
    reads: set[str] = set()
    binds: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (reads if isinstance(node.ctx, ast.Load) else binds).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            binds.add(node.name)
        elif isinstance(node, ast.arg):
            binds.add(node.arg)
        elif isinstance(node, ast.alias):
            binds.add(node.asname or node.name.split(".")[0])
    return reads, binds


def _modules(tree: ast.AST) -> set[str]:
    """Names ``tree`` binds by importing."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            out.update(a.asname or a.name.split(".")[0] for a in node.names)
    return out


def demonstration(code: str, script_text: str, other_codes: list[str]) -> bool:
    """True for a block that only reproduces or illustrates, with names of its own.

    Every name it reads is its own, a builtin or a module (``tf``, ``np``); every name it
    binds is one the script does not bind and no other block of the answer reads. Such a
    block has no relation to the script's values: placing it anywhere would add dead code.
    """
    try:
        tree = ast.parse(code)
        script = ast.parse(script_text)
    except SyntaxError:
        return False
    if not tree.body or any(
        isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) for s in tree.body
    ):
        return False
    reads, binds = _names(tree)
    script_reads, script_binds = _names(script)
    modules = _modules(script) | _modules(tree) | set(CONVENTIONAL)
    foreign_reads = reads - binds - set(dir(builtins)) - modules
    if foreign_reads:
        return False  # it reads values it does not make: the script's, or placeholders
    own = binds - modules
    if not own or own & script_binds:
        return False
    for other in other_codes:
        try:
            other_reads, _ = _names(ast.parse(other))
        except SyntaxError:
            other_reads = {n for n in own if re.search(rf"\b{re.escape(n)}\b", other)}
        if own & other_reads:
            return False
    return True


#: a trailing comment saying the line fails: ``emb(ids)  # InvalidArgumentError: ...``
_FAILS_COMMENT = re.compile(
    r"#\s*(?:->\s*|=>\s*|→\s*)?(?:raises\b|fails\b|crash|error\b|boom\b|"
    r"[A-Z]\w*(?:Error|Exception)\b|报错|出错|エラー|에러|ошибк)"
)
_FIX_WORDS = re.compile(r"(?i)\b(?:fix|avoid|prevent|no more|instead|solve|without)\b|修复|避免")


def error_example(code: str, script_text: str) -> bool:
    """A block that shows an error happen, with names of its own: ``emb =
    Embedding(10, 4)`` then ``emb(np.array([[12]]))  # InvalidArgumentError ...``. A line
    the answer says fails is never one to paste into the script."""
    fails = [
        x
        for x in code.split("\n")
        if x.split("#", 1)[0].strip()
        and _FAILS_COMMENT.search(x)
        and not _FIX_WORDS.search(x.split("#", 1)[1])
    ]
    return bool(fails) and demonstration(code, script_text, [])


def foreign_framework(code: str, script_text: str) -> list[str]:
    """Frameworks the block imports that the script does not (``torch`` for a Keras script)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    mine = _top_modules(tree)
    try:
        have = _top_modules(ast.parse(script_text))
    except SyntaxError:
        have = set(re.findall(r"(?m)^\s*(?:import|from)\s+(\w+)", script_text))
    return sorted((mine & _FRAMEWORKS) - have)


def _top_modules(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module.split(".")[0])
    return out


def value_placeholders(code: str) -> list[str]:
    """``name=...`` keyword values the answer leaves for the user to fill in."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        try:
            tree = ast.parse("f(\n" + code + "\n)")
        except SyntaxError:
            return []
    return [
        f"{k.arg}=..."
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for k in node.keywords
        if k.arg and isinstance(k.value, ast.Constant) and k.value.value is Ellipsis
    ]


def not_an_edit(
    block: Block, reason: str, later: list[str], others: list[str], text: str
) -> str | None:
    """Why a block that found no place in the script is no edit at all, or None."""
    if block.kind not in ("code", "pair") or not not_in_script(reason):
        return None
    if later and before_example(block.prose, block.text, later, text):
        return (
            "the code it shows is not in the script and a later block gives the fix: "
            "taken as the 'before' code, left out"
        )
    if others and demonstration(textwrap.dedent(block.text), text, others):
        return (
            "a demonstration with names of its own (none of the script's values, none the "
            "other blocks use): it shows the problem, it is not an edit"
        )
    if others and only_displays(textwrap.dedent(block.text)):
        return (
            "it only prints or shows values and matches no line of the script: run it, not pasted"
        )
    return None


def only_displays(code: str) -> bool:
    """Whether every statement of ``code`` shows something (``print``, ``display``,
    ``model.summary()``, a bare expression): code to run, never a change to the script."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    return (
        bool(body)
        and all(
            isinstance(s, ast.Import | ast.ImportFrom)
            or isinstance(s, ast.Expr)
            and not isinstance(s.value, ast.Constant)
            and _display_call(s.value)
            for s in body
        )
        and any(isinstance(s, ast.Expr) for s in body)
    )


def _display_call(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return isinstance(node, ast.Name | ast.Attribute | ast.Subscript)
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    return name in (
        "print",
        "display",
        "pprint",
        "summary",
        "plot_model",
        "info",
        "describe",
        "head",
    )


def real_reason(block: Block, reason: str) -> str:
    """The refusal a user can act on: a value left to fill in says so first."""
    holes = value_placeholders(textwrap.dedent(block.replace or block.text))
    if holes and "placeholder" not in reason:
        return f"answer leaves `{holes[0]}` for you to fill in: a placeholder, not code to apply"
    return reason


def not_in_script(reason: str) -> bool:
    return any(w in reason for w in ("not found", "no anchor", "unrelated", "is not in the script"))


#: "You can then reload it with:", "To load it later:", "Pour le recharger :", "之后可以这样加载"
_LATER_LOAD = re.compile(
    r"(?i)\b(?:you can|you could|you'll be able to|to|and)\s+(?:then\s+|later\s+|now\s+|also\s+)?"
    r"(?:re)?load\b|\b(?:re)?load (?:it|the model|them|the weights) (?:back|later)\b|"
    r"\b(?:pour|puis)\s+(?:le|la|les)\s+recharger\b|\bneu laden\b|\bwieder laden\b|"
    r"\bpara\s+(?:volver a\s+)?(?:cargarlo|carregá-lo|carregar)\b|読み込(?:む|め)|重新加载|之后.{0,8}加载"
)


def later_usage(code: str, prose: str, script_text: str) -> bool:
    """A block shown for afterwards ("You can then reload it with:" over a ``load_model``
    line) that the script does not do itself: how to use the result, not an edit."""
    last = introducing(prose)
    if not _LATER_LOAD.search(last):
        return False
    try:
        body = ast.parse(textwrap.dedent(code)).body
        script = ast.parse(script_text)
    except SyntaxError:
        return False

    def loads(node: ast.AST) -> set[str]:
        return {
            (n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", ""))
            for n in ast.walk(node)
            if isinstance(n, ast.Call)
        } & {"load_model", "load_weights", "load", "from_pretrained", "restore"}

    body = [s for s in body if not isinstance(s, ast.Import | ast.ImportFrom)]
    if not body or len(body) > 3 or not all(isinstance(s, ast.Assign | ast.Expr) for s in body):
        return False
    said = set().union(*(loads(s) for s in body))
    return bool(said) and not said & loads(script)


_PUT = re.compile(r"(?i)\b(?:put|place|add|insert)\b")
#: "Later, in another script (or a notebook), ...", "in your inference script", "en otro
#: script", "in einem anderen Skript", "在另一个脚本里": code for a program other than this one
_ELSEWHERE = re.compile(
    r"(?i)\b(?:in|from|into)\s+(?:a\s+|an\s+|your\s+)?(?:another|other|separate|different|"
    r"inference|prediction|serving|deployment)\s+(?:python\s+)?(?:script|file|program|notebook|"
    r"process|session)\b|\ben\s+otro\s+(?:script|archivo|programa|notebook|cuaderno)\b|"
    r"\bin\s+einem\s+anderen\s+(?:Skript|Programm|Notebook)\b|"
    r"\bdans\s+un\s+autre\s+(?:script|fichier|programme|notebook)\b|"
    r"\bem\s+outro\s+(?:script|arquivo|programa|notebook)\b|"
    r"(?:在|到)(?:另一个|另外一个|别的|其他)(?:脚本|文件|程序|笔记本|notebook)|別の(?:スクリプト|ファイル|ノートブック)|"
    r"다른\s*(?:스크립트|파일|노트북)"
)


def _repasted(code: str, script_text: str) -> bool:
    """Whether most of a session's silent statements, at least two, set or call what the
    script's statements do (``x = layers.LSTM(...)(x)`` in a transcript of the user's cell
    with a change made): a re-paste, not a demonstration with names of its own."""
    try:
        mine = ast.parse(code).body
        theirs = {stmt_key(n) for n in ast.walk(ast.parse(script_text)) if isinstance(n, ast.stmt)}
    except SyntaxError:
        return False
    keys = [stmt_key(n) for n in mine]
    hits = sum(k is not None and k in theirs for k in keys)
    return hits >= 2 and 2 * hits >= len(keys)


def not_pasted(block: Block, script_text: str) -> str | None:
    """Why a code block is not an edit of the script (an interactive session, printed
    output, an inspection, usage for afterwards, a demonstration of the error), or None."""
    if repl_session(block.text) or (block.session and not _repasted(block.text, script_text)):
        return (
            "an interactive session (`>>>` / `In [n]:` prompts) with its output: read, not pasted"
        )
    if program_output(block.text) and not (
        _script_entries(block.text, script_text) or _named_dict_entries(block, script_text)
    ):
        return "values a run prints (program output): no change to the script"
    below = block.after.strip().split("\n\n")[0] if block.after.strip() else ""
    if (
        inspection(block.text, block.prose, script_text, block.after)
        and not removal_request(block.prose)  # "delete these two prints:"
        and not (_PUT.search(below) and cues(below))  # "Put that print right after `fit`."
    ):
        return "only inspects or prints: run it yourself, not pasted into the script"
    if later_usage(block.text, block.prose, script_text):
        return "shows how to load the result afterwards: usage, not an edit"
    if _ELSEWHERE.search(introducing(block.prose)) and not in_script(
        textwrap.dedent(block.text), script_text
    ):
        return "code said to go in another script or notebook: not an edit of this one"
    if error_example(textwrap.dedent(block.text), script_text):
        return "a demonstration of the error (a line it says fails), with names of its own: not an edit"
    return None
