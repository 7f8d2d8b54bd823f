"""Which test profile runs: the quick default loop or CI's thorough one.

``python -m pytest`` is the quick loop; ``ARGMAP_THOROUGH=1`` (what ``.ci/run``
sets) selects the thorough one, where slow tests run and every property test
tries the number of examples it names.  ``tests/conftest.py`` loads the
matching Hypothesis profile; a property test that names its own count writes
``settings(max_examples=examples(300))``, so the count follows the profile.
"""

from __future__ import annotations

import os

THOROUGH = os.environ.get("ARGMAP_THOROUGH", "") not in ("", "0")


def examples(n: int) -> int:
    """*n* under the thorough profile; a tenth of it (at least 10, at most *n*) in the quick loop.

    >>> examples(300) == (300 if THOROUGH else 30)
    True
    >>> examples(5)
    5
    """
    return n if THOROUGH else min(n, max(10, n // 10))
