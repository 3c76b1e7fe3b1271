"""Scopes, bindings, positions (with Chinese text), dependencies and the last-good cache."""

from __future__ import annotations

from gptfix.index import IndexCache, LineMap, build_index

CHINESE = """import keras
from keras import layers

# 配置：批大小
BATCH = 8
名字 = "模型"; x = keras.Input(shape=(4,))  # 输入
y = layers.Dense(2)(x)
"""


def test_positions_count_code_points_not_utf8_bytes() -> None:
    index = build_index(CHINESE)
    x = next(b for b in index.bindings if b.name == "x")
    line = CHINESE.splitlines()[5]
    assert (x.line, x.col) == (6, line.index("x ="))
    assert line[x.col : x.end_col] == "x"
    zh = next(b for b in index.bindings if b.name == "名字")
    assert (zh.col, zh.end_col) == (0, 2)
    read = next(a for a in index.accesses if a.name == "x")
    assert CHINESE.splitlines()[6][read.col : read.end_col] == "x"


def test_line_map_conversions_round_trip() -> None:
    lines = LineMap("a = '批大小'; b = 1\n")
    byte = len("a = '批大小'; ".encode())
    assert lines.char_col(1, byte) == len("a = '批大小'; ")
    assert lines.byte_col(1, lines.char_col(1, byte)) == byte
    assert lines.utf16_col(1, 3) == 3
    assert LineMap("s = '😀'; z\n").utf16_col(1, 7) == 8  # the emoji is two UTF-16 units
    assert lines.position(lines.offset(1, 9)) == (1, 9)


def test_value_kinds_follow_the_values() -> None:
    index = build_index(CHINESE)
    kinds = {b.name: b.value_kind for b in index.bindings}
    assert kinds["x"] == "input"
    assert kinds["y"] == "tensor"
    assert kinds["BATCH"] == "constant"
    assert kinds["layers"] == "module"


SCOPED = """import keras

LR = 1e-3

class Net(keras.Model):
    def call(self, inputs):
        h = inputs * 2
        return h

def build(units):
    total = units + 1
    squares = [i * i for i in range(total)]
    return keras.optimizers.Adam(LR), squares

opt = build(3)
"""


def test_enclosing_scope_and_function() -> None:
    index = build_index(SCOPED)
    assert index.enclosing_scope(7).qualname == "Net.call"
    assert index.enclosing_scope(6).qualname == "Net.call"
    assert index.enclosing_scope(5).qualname == "Net"
    assert index.enclosing_scope(12).qualname == "build"
    assert index.enclosing_scope(12, fine=True).kind == "comprehension"
    assert index.enclosing_scope(15).kind == "module"
    assert index.enclosing_function(7).name == "call"  # type: ignore[union-attr]
    assert index.enclosing_function(15) is None


def test_dependencies_are_the_definitions_a_line_reads() -> None:
    index = build_index(SCOPED)
    deps = {(b.name, b.line) for b in index.dependencies(13)}
    assert deps == {("keras", 1), ("LR", 3), ("squares", 12)}
    assert {(b.name, b.line) for b in index.dependencies(15)} == {("build", 10)}


def test_names_in_scope_see_enclosing_but_not_class_scopes() -> None:
    index = build_index(SCOPED)
    inside = index.names_in_scope(11)
    assert {"units", "total", "LR", "keras", "Net", "build"} <= set(inside)
    assert "h" not in inside
    early = index.names_in_scope(4, before_only=True)
    assert "LR" in early and "opt" not in early and "build" not in early


def test_uses_of_a_binding_respect_shadowing() -> None:
    text = "x = 1\ndef f():\n    x = 2\n    return x\nprint(x)\n"
    index = build_index(text)
    module_x = index.bindings_of("x", scope=0)[0]
    assert [a.line for a in index.uses_of(module_x)] == [5]


def test_broken_text_gives_an_empty_index_with_the_error_location() -> None:
    index = build_index("x = 1\ny = (2,\n# 注释\nz = [\n")
    assert index.syntax_error is not None
    assert index.syntax_error.line >= 2
    assert index.bindings == []


def test_cache_keeps_the_last_good_index_while_typing() -> None:
    cache = IndexCache()
    good = cache.update("import keras\nx = keras.Input(shape=(3,))\n", "t.py")
    assert good.syntax_error is None and not good.stale
    typing = cache.update("import keras\nx = keras.Input(shape=(3,)\n", "t.py")
    assert typing.stale
    assert typing.syntax_error is not None and typing.syntax_error.line == 2
    assert [i.var for i in typing.keras.inputs] == ["x"]
    fixed = cache.update("import keras\nx = keras.Input(shape=(3,))\ny = x\n", "t.py")
    assert not fixed.stale and fixed.syntax_error is None
    assert {b.name for b in fixed.bindings} >= {"y"}


def test_cache_after_undoing_back_to_the_good_text_is_not_stale() -> None:
    cache = IndexCache()
    good_text = "import keras\nx = keras.Input(shape=(3,))\n"
    cache.update(good_text, "t.py")
    cache.update("import keras\nx = keras.Input(shape=(3,)\n", "t.py")  # typing...
    undone = cache.update(good_text, "t.py")  # ...then Ctrl-Z
    assert undone.syntax_error is None and not undone.stale


def test_syntax_error_column_counts_code_points() -> None:
    text = "x = 1\ns = '中文字符' $ 1\n"
    index = build_index(text)
    assert index.syntax_error is not None
    assert index.syntax_error.line == 2
    assert text.splitlines()[1][index.syntax_error.col] == "$"


def test_transitive_dependencies() -> None:
    text = "import keras\nUNITS = 8\nlayer = keras.layers.Dense(UNITS)\nout = layer(x_in)\n"
    index = build_index(text)
    assert [b.name for b in index.dependencies(4)] == ["layer"]
    assert [b.name for b in index.dependencies(4, depth=2)] == ["layer", "keras", "UNITS"]
