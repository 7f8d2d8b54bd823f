"""Modules named like the function they hold, callable as that function.

``argmap.render`` and ``argmap.evaluate`` are both a module and, at the top of
the package, the function the module is named after.  Each of the two modules
ends with ``callable_module(__name__)``: the module stays a module (so
``import argmap.render as r; r.to_dot(m)`` works, and ``argmap.render.to_dot``
does) and calling it calls its function (so ``argmap.render(m, "map.svg")``
works too).  Nothing else in the package is callable this way.
"""

from __future__ import annotations

import inspect
import sys
import types
from typing import Any


class CallableModule(types.ModuleType):
    """A module that calls its namesake function: ``argmap.render(...)`` is ``argmap.render.render(...)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function()(*args, **kwargs)

    def _function(self) -> Any:
        return getattr(self, self.__name__.rpartition(".")[2])

    @property
    def __signature__(self) -> inspect.Signature:  # what help() and IDEs show for a call
        return inspect.signature(self._function())


def callable_module(name: str) -> None:
    """Make the module *name* (a ``__name__``) call the function of the same name."""
    sys.modules[name].__class__ = CallableModule
