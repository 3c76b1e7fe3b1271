"""The boot hook directory, put first on the user interpreter's ``PYTHONPATH`` by the runner.

Bridges gptfix and the user's own Python process: ``sitecustomize.py`` here runs at the
start of the script's interpreter, chains to any other ``sitecustomize`` on the path,
and (when the runner asked for it) installs the recorder. The modules in this folder
are imported as top-level modules inside the user's process, so they use only the
standard library and never import TensorFlow/Keras themselves.
"""

from __future__ import annotations

from pathlib import Path

#: the folder the runner puts on the user's PYTHONPATH
BOOT_DIR = Path(__file__).resolve().parent

#: environment variables the runner sets for the boot hook (removed again inside the process)
ENV_REPORT = "GPTFIX_BOOT_REPORT"  #: where to write the JSON report
ENV_MODE = "GPTFIX_BOOT_MODE"  #: "normal", "smoke" or "build"
ENV_STEPS = "GPTFIX_BOOT_STEPS"  #: smoke steps per fit/evaluate/predict
ENV_EAGER = "GPTFIX_BOOT_EAGER"  #: "1" to run eagerly in smoke mode
ENV_USER_DIR = "GPTFIX_BOOT_USER_DIR"  #: the script's folder: frames there are the user's
ENV_PYTHONPATH = "GPTFIX_BOOT_PYTHONPATH"  #: the PYTHONPATH to restore ("" when it was unset)
