"""Shared test configuration: the quick default loop and CI's thorough profile.

``python -m pytest`` runs the quick loop: Hypothesis's ``default`` profile and
no test marked ``slow``. ``ARGMAP_THOROUGH=1 python -m pytest`` (what
``.ci/run`` does) runs everything with the ``thorough`` profile. A property test
that names its own example count wraps it in ``tests.profile.examples(n)``:
*n* in CI, a tenth of it in the quick loop.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from tests.profile import THOROUGH

# A property test that names no count gets 20 examples in the quick loop
# (Hypothesis's own default is 100) and the thorough profile's 500 in CI.
settings.register_profile("default", max_examples=20, deadline=None)
settings.register_profile(
    "thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("thorough" if THOROUGH else "default")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if THOROUGH:
        return
    skip = pytest.mark.skip(reason="slow: runs with ARGMAP_THOROUGH=1 (.ci/run sets it)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
