"""The image cleaners' shared error, in a module of its own so that `privacy` (which calls the
container strippers) and `strip` (which raises it) do not import each other."""

from __future__ import annotations


class CannotClean(ValueError):
    """The file's container is not one we can clean without re-encoding."""
