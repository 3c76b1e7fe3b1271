"""Errors the core raises for bad input, each with its own process exit code.

The CLI prints ``gptfix: <message>`` on one line and exits with ``exit_code``; the
language server turns the same error into a message to the client.
"""

from __future__ import annotations

#: Exit codes for bad input. The script's own exit code is passed through unchanged
#: for ``gptfix run``; these are for problems gptfix detects itself.
EXIT_USAGE = 2
EXIT_REFUSED = 3  #: an answer/recipe/fix does not fit the script (nothing was changed)
EXIT_NO_SCRIPT = 4  #: the script does not exist or is not a file
EXIT_NOT_PYTHON = 5  #: the script is not Python source (binary, or not parseable at all)
EXIT_NO_TRACEBACK = 6  #: a log holds no traceback
EXIT_UNREADABLE = 7  #: a log or answer file cannot be read
EXIT_READ_ONLY = 8  #: the script (or its folder, for the journal) cannot be written
EXIT_NOTHING_TO_UNDO = 9  #: `gptfix undo` found no journal entry
EXIT_NOT_FIXED = 10  #: `run --fix` ended with the script still failing
EXIT_CHANGED = 13  #: the file changed on disk since gptfix read it (nothing was written)
EXIT_LLM = 14  #: the LLM endpoint failed (rate limit, server error, timeout, bad answer)
EXIT_BAD_NOTEBOOK = 30  #: a .ipynb that is not notebook JSON (invalid JSON, no cells)
EXIT_NOTEBOOK_VERSION = 31  #: a notebook in an nbformat version gptfix cannot read (not 4.x)
EXIT_NO_CODE_CELLS = 32  #: a notebook without a code cell (nothing to run or change)
EXIT_NO_ENDPOINT = 20  #: `ask`: no LLM endpoint or key is configured
EXIT_EMPTY_REQUEST = 21  #: `ask`: the change request is empty
EXIT_NOT_ADDRESSED = 22  #: `ask`: the answers do not change what the request names
EXIT_UNVERIFIED = 23  #: `ask`/`apply`: the change did not pass verification (not written)
EXIT_TIMEOUT = 124  #: the script ran past --timeout (same code as coreutils timeout)


class GptfixError(Exception):
    """A user-facing error: a one-line message and an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class Refused(GptfixError):
    """gptfix will not make a change: it does not fit or does not apply to the script.

    Raised by the recipes (nothing to act on, already present) and the answer applier
    (the answer's code does not fit); ``reason`` is the one-line explanation. Nothing
    was changed; the CLI exits with :data:`EXIT_REFUSED`.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason, EXIT_REFUSED)

    @property
    def reason(self) -> str:
        return self.message


class Unrelated(Refused):
    """A refusal because the answer's code is written for another script or framework:
    which of the script's names one of its names stands for is beside the point."""


class Unclear(Refused):
    """A refusal because the script has several places the change could mean (a setting
    written twice, a call made three times): the answer is refused rather than half done."""
