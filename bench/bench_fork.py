"""Is forking after ``import tensorflow`` safe? Run it in the interpreter that runs scripts.

Usage: .venv/bin/python bench/bench_fork.py [--children 3]

Imports TensorFlow and Keras, reports the process's threads and whether an eager
runtime context exists (the warm worker refuses to fork after one), then forks
children that each build, compile and fit a small model and exit; prints each child's
time and exit status, and whether the parent's context is still uninitialised after.
"""

from __future__ import annotations

import argparse
import os
import time


def threads() -> int:
    return len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=3)
    args = parser.parse_args()
    start = time.monotonic()
    import keras
    import numpy as np
    import tensorflow as tf
    from tensorflow.python.eager import context

    def initialised() -> bool:
        ctx = context._context  # noqa: SLF001 - asking without creating one
        return ctx is not None and getattr(ctx, "_context_handle", None) is not None

    print(f"tensorflow {tf.__version__}, keras {keras.__version__}")
    print(f"import: {time.monotonic() - start:.1f} s; threads after import: {threads()}")
    print(f"runtime context initialised before fork: {initialised()}")
    for i in range(args.children):
        began = time.monotonic()
        pid = os.fork()
        if pid == 0:
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
            model.compile("adam", "mse")
            model.fit(np.zeros((8, 4)), np.zeros((8, 3)), epochs=1, verbose=0)
            print(
                f"child {i}: built and trained in {time.monotonic() - began:.2f} s, "
                f"threads {threads()}",
                flush=True,
            )
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        print(f"child {i}: exit status {os.waitstatus_to_exitcode(status)}")
    print(f"runtime context initialised in the parent after the children: {initialised()}")


if __name__ == "__main__":
    main()
