"""The two Graphviz engines, as a parametrization shared by the render tests.

The system engine needs ``dot`` on PATH and is skipped, saying so, where it
is missing; every test parametrized with ``ENGINES`` runs the same checks
through the embedded engine, which is always there.
"""

from __future__ import annotations

import shutil

import pytest

NO_DOT = shutil.which("dot") is None
SKIP_NO_DOT = pytest.mark.skipif(NO_DOT, reason="Graphviz 'dot' is not on PATH; the embedded engine is checked instead")

ENGINES = ["embedded", pytest.param("system", marks=[pytest.mark.system_dot, SKIP_NO_DOT])]
