"""``python -m argmap`` and the ``argmap`` command: :func:`run`."""

from __future__ import annotations

import gc
import sys
from typing import NoReturn


def run() -> NoReturn:
    """Run the ``argmap`` command as a process (:func:`argmap.cli.main`) and exit with its status.

    Most of a small command's time is the start and end of the process
    (docs/performance.md), so two things are done here that a library must
    not do to the program importing it: the imports run with the cyclic
    garbage collector off (they make many thousands of objects that all live
    to the end, and the collector would walk them again and again), and,
    once the command is done, every object is frozen (:func:`gc.freeze`), so
    that the interpreter's last collection at exit does not walk them all
    once more.  The command itself runs with the collector as
    :func:`argmap.cli.main` sets it (on for ``serve``, ``lsp`` and
    ``--watch``, which run for long).
    """
    gc.disable()
    try:
        from argmap.cli import main
    finally:
        gc.enable()
    status = main()
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    run()
