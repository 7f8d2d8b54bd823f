"""The attack framework of a map in the ICCMA competition formats.

Three formats, for handing a map to competition solvers:

* ``apx`` (ASPARTIX): ``arg(NAME).`` and ``att(FROM,TO).`` facts.  Ids that
  are not plain ASP constants (most are not: ``back-on-track`` would read
  as a subtraction) are written as ASP strings, ``arg("back-on-track").``
* ``tgf`` (trivial graph format, ICCMA 2015-2021): one argument a line,
  ``#``, then one attack a line as ``FROM TO``.
* ``i23`` (ICCMA 2023): ``p af N``, then one attack a line as ``I J`` with
  arguments numbered from 1 in framework order; ``#`` comment lines give
  the number of each id so that answers can be read back.

>>> import argmap
>>> from argmap.evaluate import attack_framework
>>> fw = attack_framework(argmap.parse("thesis t: T.\\n  - claim back-on-track: B.\\n"))
>>> print(to_apx(fw), end="")
arg(t).
arg("back-on-track").
att("back-on-track",t).
>>> print(to_tgf(fw), end="")
t
back-on-track
#
back-on-track t
>>> print(to_i23(fw), end="")
p af 2
# 1 t
# 2 back-on-track
2 1
"""

from __future__ import annotations

import re

from argmap.constants import FRAMEWORK_FORMATS
from argmap.evaluate import ArgmapEvaluationError, Framework

__all__ = ["FORMATS", "dumps", "to_apx", "to_tgf", "to_i23"]

#: The formats :func:`dumps` writes.
FORMATS = FRAMEWORK_FORMATS

_ASP_CONSTANT = re.compile(r"[a-z][A-Za-z0-9_]*")


def _apx_name(id: str) -> str:
    if _ASP_CONSTANT.fullmatch(id):
        return id
    return '"' + id.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_apx(fw: Framework) -> str:
    """The framework as ASPARTIX facts."""
    lines = [f"arg({_apx_name(a)})." for a in fw.arguments]
    lines += [f"att({_apx_name(a)},{_apx_name(b)})." for a, b in fw.attacks]
    return "".join(line + "\n" for line in lines)


def to_tgf(fw: Framework) -> str:
    """The framework in the trivial graph format."""
    lines = list(fw.arguments) + ["#"] + [f"{a} {b}" for a, b in fw.attacks]
    return "".join(line + "\n" for line in lines)


def to_i23(fw: Framework) -> str:
    """The framework in the ICCMA 2023 format, with the ids in comments."""
    number = {a: i for i, a in enumerate(fw.arguments, start=1)}
    lines = [f"p af {len(fw.arguments)}"]
    lines += [f"# {i} {a}" for a, i in number.items()]
    lines += [f"{number[a]} {number[b]}" for a, b in fw.attacks]
    return "".join(line + "\n" for line in lines)


def dumps(fw: Framework, format: str) -> str:
    """The framework in *format*, one of :data:`FORMATS`."""
    writers = {"apx": to_apx, "tgf": to_tgf, "i23": to_i23}
    try:
        writer = writers[format]
    except KeyError:
        raise ArgmapEvaluationError(
            f"unknown framework format {format!r}; choose one of {', '.join(FORMATS)}"
        ) from None
    return writer(fw)
