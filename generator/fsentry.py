"""Clearing the way for a new file in an output tree without ever editing an existing one.

Output trees share files by hard link: the build's staging folder with the live site, and both
with the image cache. Opening such a file for writing would change every tree at once, so a new
version always gets a new directory entry: whatever stood at the path is unlinked first. A reused
staging folder can also hold an older layout (a file where a folder must now go, or the reverse),
which is cleared the same way.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def make_room(path: Path) -> None:
    """Remove whatever is at `path` and make sure its folder exists."""
    try:
        os.unlink(path)
        return
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)
        return
    except NotADirectoryError:  # a file stands where one of the parent folders must go
        pass
    except PermissionError:  # how some systems answer unlink() on a folder
        if not (path.is_dir() and not path.is_symlink()):
            raise
        shutil.rmtree(path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for ancestor in reversed(path.parents):
            if ancestor.is_symlink() or (ancestor.exists() and not ancestor.is_dir()):
                ancestor.unlink()
                break
        path.parent.mkdir(parents=True, exist_ok=True)
