"""`python -m gptfix` runs the CLI."""

from gptfix.cli import main

raise SystemExit(main())
