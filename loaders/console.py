"""How the command lines (python -m loaders / admin / reports) end: one place for their exit."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn


def exit_with(main: Callable[[], int]) -> NoReturn:
    """sys.exit(main()), quietly when the reader closes the pipe early (`| head`, `grep -m1`), as Unix tools do."""
    try:
        sys.exit(main())
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes at exit
        sys.exit(1)
