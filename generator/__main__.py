"""Allow `python -m generator` so the CLI works without the console script on PATH."""

from generator.cli import main

raise SystemExit(main())
