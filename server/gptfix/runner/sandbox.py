"""The sandbox a verification run of code gptfix did not get from the user runs in.

Bridges the runner and ``_gptfix_boot_sandbox`` (which isolates the child from inside):
:func:`prepare` makes a fresh temporary working copy -- never beside the user's script
-- that holds the patched script under the script's own name and a symlink to every
other entry of the script's folder (so data the script reads is reachable), and an
environment scrubbed of credentials. The child is asked to enter new Linux namespaces
(no network) and to mount the script's folder read-only under the working copy through
an overlay (writes and deletions land in the temporary copy). What actually applied is
read back after the run (:meth:`Sandbox.applied`). :func:`scrub_env` is the one list of
what counts as a credential in the environment.
"""

from __future__ import annotations

import fnmatch
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gptfix._boot import _gptfix_boot_secrets as secrets
from gptfix.runner import cleanup

#: environment variable that carries the sandbox request to the boot hook
ENV_SANDBOX = "GPTFIX_BOOT_SANDBOX"

#: names (shell patterns, upper-cased) of environment variables that hold credentials,
#: besides those the redaction rules name
SECRET_PATTERNS = (
    "*_KEY",
    "*_KEYS",
    "*_TOKEN",
    "*_TOKENS",
    "*_SECRET",
    "*_SECRETS",
    "*SECRET_*",
    "*PASSWORD*",
    "*PASSWD*",
    "*_PASS",
    "*CREDENTIAL*",
    "*API_KEY*",
    "*APIKEY*",
    "*ACCESS_KEY*",
    "*AUTH*",
    "AWS_*",
    "AZURE_*",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "GCLOUD_*",
    "KAGGLE_*",
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "WANDB_API_KEY",
    "OPENAI_*",
    "ANTHROPIC_*",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "NETRC",
    "SSH_AUTH_SOCK",
    "DOCKER_AUTH_CONFIG",
    "PGPASSFILE",
)

#: protections a run can get; the names recorded in a Verification
NO_NETWORK = "no-network"
FOLDER_READ_ONLY = "folder-read-only"
WORKING_COPY = "temporary-working-copy"
SCRUBBED_ENV = "credentials-removed"


def is_secret_name(name: str) -> bool:
    """Whether an environment variable of that name usually holds a credential.

    The redaction rules' names (:func:`_gptfix_boot_secrets.secret_name`), plus what is a
    credential in an environment only (any ``*_KEY``, cloud and hub prefixes).
    """
    upper = name.upper()
    return secrets.secret_name(name) or any(
        fnmatch.fnmatchcase(upper, pattern) for pattern in SECRET_PATTERNS
    )


def scrub_env(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` without the variables that hold credentials (API keys, tokens, passwords...)."""
    return {k: v for k, v in env.items() if not is_secret_name(k)}


def isolation_supported() -> bool:
    """Whether the child may try namespaces (Linux); it still reports what really applied."""
    return sys.platform.startswith("linux")


@dataclass
class Sandbox:
    """A temporary working copy of a script's folder with the patched script in it."""

    folder: Path  #: the user's script folder (mounted read-only under ``root`` when possible)
    base: Path  #: the temporary folder holding everything below
    root: Path  #: the working copy: the run's cwd and the script's folder as it sees it
    script: Path  #: the patched script inside ``root``, under the user's script name
    protections: list[str] = field(default_factory=list)  #: those the parent itself applied

    def request(self) -> str:
        """The JSON handed to the boot hook in :data:`ENV_SANDBOX`."""
        return json.dumps(
            {
                "root": str(self.root),
                "lower": str(self.folder),
                "upper": str(self.base / "upper"),
                "work": str(self.base / "work"),
                "result": str(self.base / "applied.json"),
                "isolate": "1" if isolation_supported() else "0",
            }
        )

    def env(self, base: Mapping[str, str]) -> dict[str, str]:
        """``base`` scrubbed of credentials, plus the sandbox request for the boot hook."""
        env = scrub_env(base)
        env[ENV_SANDBOX] = self.request()
        return env

    def applied(self) -> list[str]:
        """Every protection that applied: the parent's, then those the child reported."""
        try:
            child = json.loads((self.base / "applied.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            child = []
        return [*self.protections, *(str(p) for p in child if isinstance(p, str))]

    def cleanup(self) -> None:
        cleanup.remove(self.base)
        cleanup.untrack_folder(self.base)


def prepare(script: Path, text: str) -> Sandbox:
    """A fresh working copy for running ``text`` as ``script``; call ``cleanup()`` after."""
    folder = script.parent
    base = cleanup.temp_folder("gptfix-verify-")
    root = base / folder.name if folder.name else base / "root"
    try:
        for sub in (root, base / "upper", base / "work"):
            sub.mkdir(parents=True, exist_ok=True)
        target = root / script.name
        target.write_text(text, encoding="utf-8")
        (base / "upper" / script.name).write_text(text, encoding="utf-8")
        try:
            entries = list(os.scandir(folder))
        except OSError:
            entries = []
        for entry in entries:
            if entry.name == script.name:
                continue
            try:
                os.symlink(entry.path, root / entry.name)
            except OSError:
                continue
    except BaseException:
        cleanup.remove(base)
        cleanup.untrack_folder(base)
        raise
    return Sandbox(folder, base, root, target, [WORKING_COPY, SCRUBBED_ENV])
