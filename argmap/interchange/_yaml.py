"""YAML for Argdown's data blocks and front matter, read with bounds.

PyYAML's ``safe_load`` runs no code, but it is not safe against hostile text:
aliases make a list that contains itself (``{a: &a [*a]}``, 23 bytes) or a
"billion laughs" (9 levels of aliases, 344 bytes, more memory than the
machine has); 1,000 nested ``[`` exhaust Python's stack; and bad values
(``2019-02-29``, ``!!bool x``, ``!!timestamp x``, ``!!int x``) raise
``ValueError``, ``KeyError`` or ``AttributeError`` instead of a YAML error.

:func:`load` reads the same YAML with these changes, so that its cost is
linear in the text and its only error is :class:`BadYaml`, which carries
where in the text the problem is:

- aliases (``*name``) are refused (anchors alone are harmless labels and
  are allowed); so no value is shared, and the data is a tree no larger
  than the text;
- nesting deeper than :data:`MAX_DEPTH` is refused before it is built;
- values are text, numbers (integers of at most :data:`MAX_INT_DIGITS`
  digits), ``true``/``false``, ``null``, dates, lists and mappings; the
  tags ``!!binary``, ``!!set``, ``!!omap`` and ``!!pairs`` are refused, as
  are lone surrogates (``"\\ud800"``), which are no Unicode text; a date as
  a mapping key is read as its text;
- any other error a constructor raises becomes a :class:`BadYaml` at the
  value that raised it.

>>> load("{kind: fact, year: 2019}")
{'kind': 'fact', 'year': 2019}
>>> load("{a: &a [*a]}")
Traceback (most recent call last):
  ...
argmap.interchange._yaml.BadYaml: an alias (*a) is not read: argmap reads no YAML aliases
"""

from __future__ import annotations

import re
from typing import Any

import yaml  # type: ignore[import-untyped]

__all__ = ["MAX_DEPTH", "MAX_INT_DIGITS", "BadYaml", "load"]

MAX_DEPTH = 64
"""The deepest nesting of lists and mappings read (PyYAML's composer recurses per level)."""

MAX_INT_DIGITS = 4300
"""The longest integer read, in decimal digits (Python's own limit for turning text to int)."""

_INT_BOUND = 10**MAX_INT_DIGITS
_SURROGATE = re.compile("[\ud800-\udfff]")


class BadYaml(Exception):
    """A YAML text argmap does not read: *problem*, at 0-based *line*/*column* of the text (if known)."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(problem)
        self.problem, self.line, self.column, self.hint = problem, line, column, hint


class _Refused(yaml.YAMLError):  # type: ignore[misc]
    def __init__(self, problem: str, mark: Any, hint: str | None = None) -> None:
        super().__init__(problem)
        self.problem, self.problem_mark, self.hint = problem, mark, hint


def _refuse_tag(loader: _Loader, node: Any) -> Any:
    raise _Refused(f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not read by argmap",
                   node.start_mark, "write a list or a mapping instead")


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader without aliases, with a depth bound, and with every error a YAML error."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(f"an alias (*{event.anchor}) is not read: argmap reads no YAML aliases",
                           event.start_mark, "write the value out where it is used")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"lists and mappings nested more than {MAX_DEPTH} deep",
                               self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception:  # ValueError, KeyError, AttributeError... from a bad value
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            value = node.value if isinstance(node.value, str) else ""
            shown = repr(value if len(value) <= 40 else value[:37] + "...")
            raise _Refused(f"{shown} is not a valid {tag} value" if value else f"not a valid {tag} value",
                           node.start_mark, "quote the value to keep it as text") from None

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        mapping = super().construct_mapping(node, deep)
        # A date as a key (``{2019-01-01: x}``) is read as its text, as JSON can hold it.
        return {k.isoformat() if hasattr(k, "isoformat") else k: v for k, v in mapping.items()}

    def construct_yaml_str(self, node: Any) -> Any:
        value = super().construct_yaml_str(node)
        if _SURROGATE.search(value):
            raise _Refused("a lone surrogate (an escape from \\ud800 to \\udfff outside a pair) "
                           "is not Unicode text", node.start_mark)
        return value

    def construct_yaml_int(self, node: Any) -> Any:
        value = super().construct_yaml_int(node)
        if not -_INT_BOUND < value < _INT_BOUND:
            raise _Refused(f"an integer of more than {MAX_INT_DIGITS:,} digits", node.start_mark,
                           "quote the value to keep it as text")
        return value


_Loader.add_constructor("tag:yaml.org,2002:str", _Loader.construct_yaml_str)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


def load(text: str) -> Any:
    """The value of one YAML document *text*; :class:`BadYaml` for anything argmap does not read."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        return loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if mark is None and isinstance(error, yaml.reader.ReaderError):
            mark = yaml.Mark("", error.position, text.count("\n", 0, error.position),
                             error.position - (text.rfind("\n", 0, error.position) + 1), None, None)
            problem = "a character YAML does not allow" if error.character is not None else problem
        raise BadYaml(problem, mark.line if mark else None, mark.column if mark else None,
                      getattr(error, "hint", None)) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH is well inside the stack
        raise BadYaml(f"nested too deeply (more than {MAX_DEPTH} levels)") from None
    finally:
        if loader is not None:
            loader.dispose()
