"""A TensorFlow 1 graph program (placeholders fed through a session, a TF 1 optimizer) on
TensorFlow 2: it runs through ``tensorflow.compat.v1`` with TF 2 behaviour disabled, the
import replaced where it was and nothing else touched; the fixed program runs. A script
that uses a name ``tf.compat.v1`` lacks, or only session plumbing (deleted instead by
``api.tf1-session``), or eager code with one renamed op gets no migration.

Each case is a small program written here with the message TensorFlow 2 gives for it.
"""

from __future__ import annotations

from pathlib import Path

from repair_support import assert_runs, rule_fixes

GRAPH = """import numpy as np
import tensorflow as tf

xs = np.random.rand(64, 3).astype("float32")
ys = xs @ np.array([[1.0], [2.0], [-1.0]], dtype="float32")

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.random_normal([3, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(5):
        _, value = sess.run([step, loss], feed_dict={x: xs, y: ys})
    print("loss", value)
"""

MSG = "module 'tensorflow' has no attribute 'placeholder'"


def test_a_graph_program_runs_through_compat_v1(tmp_path: Path) -> None:
    (fix,) = rule_fixes(GRAPH, "AttributeError", MSG, 7, "api.tf1-graph")
    text = fix.new_text
    assert text.startswith(
        "import numpy as np\nimport tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n\n"
    )
    assert text.split("\n")[3:] == GRAPH.split("\n")[2:]  # the rest is the author's code
    assert any("placeholder" in e for e in fix.evidence)
    assert_runs(tmp_path, text)


def test_a_name_compat_v1_lacks_or_eager_code_gets_no_migration() -> None:
    lost = GRAPH.replace('print("loss", value)', 'print("loss", tf.no_such_api(value))')
    assert rule_fixes(lost, "AttributeError", MSG, 7, "api.tf1-graph") == []
    eager = (
        "import tensorflow as tf\n\nw = tf.random_normal([3, 1])\nprint(tf.reduce_sum(w).numpy())\n"
    )
    msg = "module 'tensorflow' has no attribute 'random_normal'"
    assert rule_fixes(eager, "AttributeError", msg, 3, "api.tf1-graph") == []


def test_session_plumbing_alone_is_left_to_the_session_rule() -> None:
    plumbing = (
        "import numpy as np\nimport tensorflow as tf\n\n"
        "config = tf.ConfigProto()\n"
        "config.gpu_options.allow_growth = True\n"
        "sess = tf.Session(config=config)\n"
        "model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=1, verbose=0)\n"
    )
    msg = "module 'tensorflow' has no attribute 'ConfigProto'"
    assert rule_fixes(plumbing, "AttributeError", msg, 4, "api.tf1-graph") == []
    assert rule_fixes(plumbing, "AttributeError", msg, 4, "api.tf1-session") != []
