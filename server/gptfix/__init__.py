"""gptfix: run ML training scripts, locate their failures, offer verified fixes."""

__version__ = "0.1.0"
