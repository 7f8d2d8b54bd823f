"""argmap's own JSON: lossless and versioned.

The document is an object with ``"argmap": 1`` (the format version) and the
map's ``header``, ``statements``, ``arguments``, ``relations`` and
``sections``; ``argmap.schema.json`` beside this module is its JSON Schema.
An undercut's ``target`` is the relation it attacks, written out in full.

>>> from argmap import parse
>>> m = parse("thesis t: Tea is good.\\n  + claim c: Warm.\\n")
>>> loads(dumps(m)) == m
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from json.encoder import encode_basestring as _string  # the C function when there is one
from typing import Any

from argmap.errors import ArgmapSyntaxError, Diagnostic
from argmap.interchange._common import (
    MAX_UNDERCUT_DEPTH,
    NOT_AN_ID,
    NOT_TEXT,
    JsonShapeError,
    Path,
    is_id,
    json_path,
    json_places,
    load_json,
    lone_surrogate,
    shape_error,
    too_deep,
    warning,
)
from argmap.model import Argument, ArgumentMap, Kind, Relation, RelationKind, Section, Statement

__all__ = ["VERSION", "dumps", "loads", "to_data", "from_data"]

#: The version written in ``"argmap"``; readers refuse newer ones.
VERSION = 1

#: The keys of each object the format has (its schema's ``properties``); a reader warns of any other.
KEYS = {
    "map": ("argmap", "header", "statements", "arguments", "relations", "sections"),
    "statement": ("id", "kind", "text", "tags", "metadata"),
    "argument": ("id", "text", "premises", "tags", "metadata"),
    "relation": ("kind", "source", "target"),
    "section": ("title", "level", "members"),
}


def _relation(rel: Relation) -> dict[str, Any]:
    target = _relation(rel.target) if isinstance(rel.target, Relation) else rel.target
    return {"kind": rel.kind.value, "source": rel.source, "target": target}


def to_data(m: ArgumentMap) -> dict[str, Any]:
    """The map as plain JSON data (dicts, lists, strings)."""
    return {
        "argmap": VERSION,
        "header": dict(m.header),
        "statements": [
            {"id": s.id, "kind": s.kind.value, "text": s.text, "tags": list(s.tags), "metadata": dict(s.metadata)}
            for s in m.statements.values()
        ],
        "arguments": [
            {"id": a.id, "text": a.text, "premises": list(a.premises), "tags": list(a.tags),
             "metadata": dict(a.metadata)}
            for a in m.arguments.values()
        ],
        "relations": [_relation(r) for r in m.relations],
        "sections": [{"title": s.title, "level": s.level, "members": list(s.members)} for s in m.sections],
    }


def dumps(m: ArgumentMap, warnings: list[Diagnostic] | None = None) -> str:
    """The map as JSON text (UTF-8, two-space indent, keys in a fixed order, a final newline).

    The text is ``json.dumps(to_data(m), ensure_ascii=False, indent=2)``
    plus a newline, byte for byte; it is written here directly from the map,
    because :mod:`json` drops its C encoder as soon as it indents, and the
    pure-Python one took a quarter of ``argmap convert`` on large maps.

    >>> from argmap import parse
    >>> m = parse("thesis t: Tea is good.\\n  + claim c: Warm. #cosy\\n")
    >>> dumps(m) == json.dumps(to_data(m), ensure_ascii=False, indent=2) + "\\n"
    True
    """
    kinds: dict[Any, str] = {}

    def kind(value: Kind | RelationKind) -> str:
        text = kinds.get(value)
        if text is None:
            text = kinds[value] = _string(value.value)
        return text

    def strings(values: tuple[str, ...] | list[str], indent: str) -> str:
        if not values:
            return "[]"
        inner = indent + "  "
        return "[\n" + inner + (",\n" + inner).join(map(_string, values)) + "\n" + indent + "]"

    def mapping(values: Mapping[str, str], indent: str) -> str:
        if not values:
            return "{}"
        inner = indent + "  "
        items = (",\n" + inner).join(_string(k) + ": " + _string(v) for k, v in values.items())
        return "{\n" + inner + items + "\n" + indent + "}"

    def relation(rel: Relation, indent: str) -> str:
        inner = indent + "  "
        target = relation(rel.target, inner) if isinstance(rel.target, Relation) else _string(rel.target)
        return (f'{{\n{inner}"kind": {kind(rel.kind)},\n{inner}"source": {_string(rel.source)},\n'
                f'{inner}"target": {target}\n{indent}}}')

    def array(items: list[str]) -> str:
        return "[\n" + ",\n".join(items) + "\n  ]" if items else "[]"

    statement_kinds = {k: kind(k) for k in Kind}
    statements = [
        f'    {{\n      "id": {_string(s.id)},\n      "kind": {statement_kinds[s.kind]},\n      "text": {_string(s.text)},\n'
        f'      "tags": {strings(s.tags, "      ") if s.tags else "[]"},\n'
        f'      "metadata": {mapping(s.metadata, "      ") if s.metadata else "{}"}\n    }}'
        for s in m.statements.values()
    ]
    arguments = [
        f'    {{\n      "id": {_string(a.id)},\n      "text": {_string(a.text)},\n'
        f'      "premises": {strings(a.premises, "      ")},\n      "tags": {strings(a.tags, "      ")},\n'
        f'      "metadata": {mapping(a.metadata, "      ")}\n    }}'
        for a in m.arguments.values()
    ]
    relation_kinds = {k: kind(k) for k in RelationKind}
    relations = [  # (the common relation, between two ids, written here: a call less for each)
        f'    {{\n      "kind": {relation_kinds[r.kind]},\n      "source": {_string(r.source)},\n'
        f'      "target": {_string(r.target)}\n    }}' if isinstance(r.target, str) else "    " + relation(r, "    ")
        for r in m.relations
    ]
    sections = [
        f'    {{\n      "title": {_string(s.title)},\n      "level": {int(s.level)},\n'
        f'      "members": {strings(s.members, "      ")}\n    }}'
        for s in m.sections
    ]
    return (
        f'{{\n  "argmap": {VERSION},\n  "header": {mapping(m.header, "  ")},\n'
        f'  "statements": {array(statements)},\n  "arguments": {array(arguments)},\n'
        f'  "relations": {array(relations)},\n  "sections": {array(sections)}\n}}\n'
    )


# -- reading ---------------------------------------------------------------


def _get(data: Mapping[str, Any], key: str, path: Path, kind: type | tuple[type, ...], default: Any = None) -> Any:
    if key not in data:
        if default is None:
            raise JsonShapeError(path, f"missing key {key!r}")
        return default
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise JsonShapeError((*path, key), f"expected {_type_name(kind)}, found {_type_name(type(value))}")
    return value


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {dict: "an object", list: "an array", str: "a string", int: "an integer", bool: "true or false",
             float: "a number", type(None): "null"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def _strings(value: Any, path: Path) -> list[str]:
    if not isinstance(value, list):
        raise JsonShapeError(path, f"expected an array of strings, found {_type_name(type(value))}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise JsonShapeError((*path, i), f"expected a string, found {_type_name(type(item))}")
    return value


def _string_map(value: Any, path: Path) -> dict[str, str]:
    if not isinstance(value, dict):
        raise JsonShapeError(path, f"expected an object of strings, found {_type_name(type(value))}")
    for key, item in value.items():
        if not isinstance(item, str):
            raise JsonShapeError((*path, key), f"expected a string, found {_type_name(type(item))}")
    return value


def _object(value: Any, path: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise JsonShapeError(path, f"expected an object, found {_type_name(type(value))}")
    return value


def _choice(value: Any, path: Path, enum: type[Kind] | type[RelationKind]) -> Any:
    allowed = [e.value for e in enum]
    if value not in allowed:
        raise JsonShapeError(path, f"expected one of {', '.join(allowed)}, found {json.dumps(value)}")
    return enum(value)


def _read_relation(value: Any, path: Path, depth: int = 0) -> Relation:
    if depth > MAX_UNDERCUT_DEPTH:
        raise JsonShapeError(path, too_deep())
    data = _object(value, path)
    kind = _choice(_get(data, "kind", path, str), (*path, "kind"), RelationKind)
    source = _get(data, "source", path, str)
    target: Any = data.get("target")
    if isinstance(target, dict):
        target = _read_relation(target, (*path, "target"), depth + 1)
    elif not isinstance(target, str):
        raise JsonShapeError((*path, "target") if "target" in data else path,
                             "expected an id (a string) or a relation (an object)" if "target" in data
                             else "missing key 'target'")
    return Relation(kind, source, target)


def from_data(data: Any) -> ArgumentMap:
    """Build a map from JSON data; raises JsonShapeError with the path of the first problem."""
    root = _object(data, ())
    version = root.get("argmap", root.get("version"))
    if version is None:
        raise JsonShapeError((), 'missing key "argmap" (the format version, 1); is this an argmap JSON file?')
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise JsonShapeError(("argmap",), f"the version must be a positive integer, found {json.dumps(version)}")
    if version > VERSION:
        raise JsonShapeError(("argmap",), f"version {version} is newer than this argmap reads ({VERSION}); "
                             "upgrade argmap")
    header = _string_map(root.get("header", {}), ("header",))
    statements: list[Statement] = []
    seen: dict[str, Path] = {}

    def check_id(node_id: str, path: Path) -> None:
        if not node_id:
            raise JsonShapeError(path, "an id must not be empty")
        if not is_id(node_id):
            raise JsonShapeError(path, NOT_AN_ID.format(node_id))
        if node_id in seen:
            raise JsonShapeError(path, f"the id {node_id!r} is already used at {json_path(seen[node_id])}")
        seen[node_id] = path

    for i, item in enumerate(_get(root, "statements", (), list, [])):
        path: Path = ("statements", i)
        s = _object(item, path)
        node_id = _get(s, "id", path, str)
        check_id(node_id, (*path, "id"))
        statements.append(Statement(
            _choice(_get(s, "kind", path, str, "claim"), (*path, "kind"), Kind), node_id, _get(s, "text", path, str),
            _strings(s.get("tags", []), (*path, "tags")), _string_map(s.get("metadata", {}), (*path, "metadata")),
        ))
    arguments: list[Argument] = []
    for i, item in enumerate(_get(root, "arguments", (), list, [])):
        path = ("arguments", i)
        a = _object(item, path)
        node_id = _get(a, "id", path, str)
        check_id(node_id, (*path, "id"))
        arguments.append(Argument(
            node_id, _get(a, "text", path, str, ""), _strings(a.get("premises", []), (*path, "premises")),
            _strings(a.get("tags", []), (*path, "tags")), _string_map(a.get("metadata", {}), (*path, "metadata")),
        ))
    relations = [_read_relation(r, ("relations", i)) for i, r in enumerate(_get(root, "relations", (), list, []))]
    sections = []
    for i, item in enumerate(_get(root, "sections", (), list, [])):
        path = ("sections", i)
        sec = _object(item, path)
        level = _get(sec, "level", path, int, 1)
        if not 1 <= level <= 6:
            raise JsonShapeError((*path, "level"), f"a level is 1 to 6, found {level}")
        sections.append(Section(_get(sec, "title", path, str), level,
                                _strings(sec.get("members", []), (*path, "members"))))
    return ArgumentMap(header=header, statements=statements, arguments=arguments, relations=relations,
                       sections=sections)


def _unknown_keys(root: dict[str, Any]) -> list[tuple[Path, str]]:
    """The keys of a (well-shaped) document that the format does not have, with what holds each."""
    found: list[tuple[Path, str]] = []

    def look(obj: dict[str, Any], path: Path, what: str, allowed: tuple[str, ...]) -> None:
        for key in obj:
            if key not in allowed:
                found.append(((*path, key), what))

    look(root, (), "map", (*KEYS["map"], "version"))  # "version": what "argmap" was first called

    def relation(rel: dict[str, Any], path: Path) -> None:
        look(rel, path, "relation", KEYS["relation"])
        if isinstance(rel["target"], dict):
            relation(rel["target"], (*path, "target"))

    for name, what in (("statements", "statement"), ("arguments", "argument"), ("sections", "section")):
        for i, item in enumerate(root.get(name, ())):
            look(item, (name, i), what, KEYS[what])
    for i, rel in enumerate(root.get("relations", ())):
        relation(rel, ("relations", i))
    return found


def _unknown_key_warnings(root: dict[str, Any], text: str) -> list[Diagnostic]:
    """A located warning for each key the format does not have: its value is left out of the map."""
    import difflib

    found = _unknown_keys(root)
    if not found:
        return []
    if text.startswith("\ufeff"):
        text = text[1:]
    out = []
    for (path, what), (line, column) in zip(found, json_places(text, [path for path, _ in found]), strict=True):
        key = str(path[-1])
        close = difflib.get_close_matches(key, KEYS[what], n=1)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        out.append(warning("json-unknown-key", f"{json_path(path)}: a {what} has no key {key!r}{guess}; "
                           f"its value is left out (a {what} has {', '.join(KEYS[what])})", line, column))
    return sorted(out, key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))


def loads(text: str, *, source: str | None = None, warnings: list[Diagnostic] | None = None) -> ArgumentMap:
    """Read argmap JSON text.

    Malformed JSON raises :class:`~argmap.errors.ArgmapSyntaxError` at its
    line and column; a value of the wrong shape names its JSON path too:

    >>> loads('{"argmap": 1, "statements": [{"id": "t", "kind": "idea", "text": "x"}]}', source="m.json")
    Traceback (most recent call last):
    ...
    argmap.errors.ArgmapSyntaxError: m.json:1:50: error: $.statements[0].kind: expected one of thesis, claim, premise, evidence, found "idea"
        {"argmap": 1, "statements": [{"id": "t", "kind": "idea", "text": "x"}]}
                                                         ^
    """
    data = load_json(text, source)
    try:
        where = lone_surrogate(data)
        if where is not None:
            raise JsonShapeError(where, NOT_TEXT)
        m = from_data(data)
    except JsonShapeError as error:
        raise shape_error(error, text, source) from None
    except ValueError as error:  # an attrs validator
        raise ArgmapSyntaxError(str(error), source=source, text=text, code="json-shape") from None
    if warnings is not None:
        warnings.extend(_unknown_key_warnings(data, text))
    return _with_source(m, source, text)


def _with_source(m: ArgumentMap, source: str | None, text: str) -> ArgumentMap:
    import attrs

    return attrs.evolve(m, source=source, text=text)
