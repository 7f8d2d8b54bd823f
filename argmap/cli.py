"""The ``argmap`` command: render, check and format argument maps.

A thin layer over the public API: it parses the command line, calls
:func:`argmap.load`, :func:`argmap.check`, :func:`argmap.dumps` and
:func:`argmap.render`, and turns what they report into messages and an exit
status.

Exit status: 0 success, 1 bad input (unreadable file, syntax error, a map
with errors, a render failure, a failed check), 2 a usage error.

Streams: stdout carries the product of a command (the report of ``check``,
the file list of ``fmt --check``, the drawing of ``render -o -``); stderr
carries errors and notes from ``render`` and ``fmt``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn, TextIO

import argmap
import argmap.errors
from argmap._io import atomic_write
from argmap.constants import ENGINES, INTERCHANGE_FORMATS, OUTPUT_FORMATS
from argmap.errors import _visible
from argmap.format import format_text

__all__ = ["main"]

FORMATS = OUTPUT_FORMATS
STDIN = "-"
CONVERT_FORMATS = INTERCHANGE_FORMATS


class _Failure(Exception):
    """A problem already worded for the user; the command exits 1."""


class _UsageError(Exception):
    """A bad command line found after parsing; the command exits 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints usage then exits 2; keep that, but through SystemExit
        # that main() turns into a return value.
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with *command*, only that subcommand (the others are only needed to list
    them or to reject a wrong one), which saves a start-up most of argparse's work."""
    parser = _Parser(
        prog="argmap",
        description="Argument maps from plain text: render, check and format them.",
        epilog="Exit status: 0 ok, 1 bad input or failed checks, 2 usage error. "
        "See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"argmap {argmap.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    for name, (help_text, description, add_options) in _COMMANDS.items():
        if command in (None, name):
            add_options(sub.add_parser(name, help=help_text, description=description))
    return parser


def _options_render(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", metavar="FILE", nargs="+",
                   help="an .argmap file ('-' reads stdin; then -o is required)")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write (default: FILE with its suffix replaced by the format; '-' for stdout); one FILE only",
    )
    p.add_argument("-d", "--output-dir", metavar="OUTDIR",
                   help="write each FILE into OUTDIR as NAME.FORMAT (created if missing)")
    p.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="output format (default: from the suffix of OUT, else svg); html is an interactive page "
        "(pan, zoom, details, collapse, search) in one file",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="Graphviz to use: the 'dot' program on PATH (system), the one bundled "
        "with argmap (embedded), or system when present else embedded (auto, the default)",
    )
    p.add_argument("--timeout", metavar="SECONDS", type=_seconds, default=None,
                   help="stop Graphviz after SECONDS for one drawing (default 60; 0: no limit)")
    add_drawing_options(p)
    p.add_argument("--watch", action="store_true",
                   help="render again whenever a FILE changes; errors are reported and the last good "
                   "drawing is kept; Ctrl-C stops")
    p.add_argument("-q", "--quiet", action="store_true", help="do not report the files written")
    p.set_defaults(handler=_cmd_render, subparser=p)


def add_drawing_options(p: argparse.ArgumentParser) -> None:
    """The options that say how a map is drawn, shared by ``render`` and the ``%%argmap`` cell magic."""
    p.add_argument("--rankdir", choices=("TB", "BT", "LR", "RL"), default=None,
                   help="where the thesis sits: top (TB, default; or the file header's rankdir), "
                        "bottom (BT), left (LR), right (RL)")
    p.add_argument("--theme", choices=("color", "mono"), default="color",
                   help="colour-blind-safe colours (default) or black and grey for paper")
    p.add_argument("--tag-color", metavar="TAG=#RRGGBB", action="append", default=[],
                   help="colour the cards of a tag (repeatable; wins over the header's tag-color)")
    p.add_argument("--legend", action="store_true", help="add a legend of the kinds and relations drawn")
    p.add_argument("--focus", metavar="ID", help="draw only the sub-map around node ID")
    p.add_argument("--depth", metavar="N", type=int, help="with --focus: at most N steps from ID")
    p.add_argument("--timeline", action="store_true", help="lay evidence out in date order, oldest first")
    p.add_argument("--hide", metavar="KIND", action="append", default=[],
                   help="leave out a kind: thesis, claim, premise, evidence or argument (repeatable)")
    p.add_argument("--wrap", metavar="N", type=int, default=None,
                   help="characters per line of card text (24; or the file header's wrap)")
    p.add_argument("--color-by", choices=("status", "strength"),
                   help="shade each card by an evaluation of the map: status (in, out, undecided) or "
                   "strength (0 to 1); adds the legend")
    p.add_argument("--semantics", metavar="S",
                   help="with --color-by: grounded (default for status), preferred or stable; "
                   "dfquad (default for strength), euler or quadratic-energy")


def _seconds(text: str) -> float:
    """A --timeout value: seconds, at least 0 (0: no limit)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds (0 for no limit), not {text!r}")
    return value


def _options_serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="the .argmap file to preview")
    p.add_argument("--port", metavar="N", type=int, default=8000,
                   help="the port on 127.0.0.1 to listen on (default 8000; 0 picks a free one)")
    p.add_argument("--open", action="store_true", help="open the page in the web browser")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="Graphviz to use: system, embedded, or auto (the default)")
    add_drawing_options(p)
    p.set_defaults(handler=_cmd_serve, subparser=p)


def _options_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", metavar="FILE", nargs="+", help="an .argmap file ('-' reads stdin)")
    p.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    p.set_defaults(handler=_cmd_check, subparser=p)


def _options_fmt(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", metavar="FILE", nargs="+", help="an .argmap file ('-': stdin to stdout)")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the files that would change and exit 1 if there are any",
    )
    p.set_defaults(handler=_cmd_fmt, subparser=p)


def _options_eval(p: argparse.ArgumentParser) -> None:
    from argmap.evaluate import SEMANTICS
    from argmap.iccma import FORMATS as FRAMEWORK_FORMATS

    p.add_argument("file", metavar="FILE", help="an .argmap file ('-' reads stdin)")
    p.add_argument(
        "-s",
        "--semantics",
        choices=SEMANTICS,
        default="grounded",
        help="grounded, preferred, stable (labels in/out/undecided); dfquad, euler, "
        "quadratic-energy (strengths 0..1). Default: grounded",
    )
    p.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="how to print the result (default: table)",
    )
    p.add_argument(
        "--framework",
        choices=FRAMEWORK_FORMATS,
        help="write the attack framework in this ICCMA format instead of evaluating",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout ('-': stdout)")
    p.set_defaults(handler=_cmd_eval, subparser=p)


def _options_convert(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", metavar="IN", help="the map to read ('-' reads stdin; its format: --from, else argmap)")
    p.add_argument("output", metavar="OUT", help="where to write ('-' for stdout; then --to is required)")
    p.add_argument("--from", dest="from_format", choices=(*CONVERT_FORMATS, "microtexts"),
                   help="the format of IN (microtexts: the Argumentative Microtexts XML, read only)")
    p.add_argument("--to", dest="to_format", choices=CONVERT_FORMATS, help="the format of OUT")
    p.add_argument("--force", action="store_true",
                   help="write OUT even when IN has check errors (what the errors concern may be lost)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not print warnings or the file written")
    p.set_defaults(handler=_cmd_convert, subparser=p)


_COMMANDS = {
    "render": (
        "draw maps as SVG, PNG, PDF, DOT or an interactive HTML page",
        "Draw each FILE as an argument map. Nothing is written for a FILE that has errors. "
        "See docs/rendering.md for every drawing option.",
        _options_render,
    ),
    "serve": (
        "preview a map in the browser, updated on every save",
        "Serve FILE's interactive map at http://127.0.0.1:PORT/ (printed on stdout) and update the open "
        "page whenever FILE is saved, keeping its zoom and selection; a save with mistakes keeps the last "
        "good map and shows the errors. Ctrl-C stops. See docs/rendering.md.",
        _options_serve,
    ),
    "check": (
        "report errors and warnings in maps",
        "Parse and check each FILE; print each finding as FILE:LINE:COL: severity: message.",
        _options_check,
    ),
    "fmt": (
        "rewrite maps in canonical layout",
        "Rewrite each FILE in canonical layout (2 spaces per level), only if it changes. "
        "A file is never rewritten unless the result parses back to the same map.",
        _options_fmt,
    ),
    "eval": (
        "which claims stand, and how strongly",
        "Evaluate FILE under an argumentation semantics and print a value per node, "
        "the thesis first (see docs/evaluation.md); or, with --framework, write its attack "
        "framework for ICCMA solvers. Nothing is evaluated if FILE has errors.",
        _options_eval,
    ),
    "lsp": (
        "run the language server (for editors)",
        "Serve the Language Server Protocol on stdin and stdout: diagnostics as you type, hover, "
        "go to definition, references, rename, symbols, folding, completion, formatting and quick "
        "fixes. Start it from your editor (docs/editors.md). Needs: pip install 'argmap[lsp]'.",
        lambda p: p.set_defaults(handler=_cmd_lsp, subparser=p),
    ),
    "convert": (
        "convert a map between argmap, JSON, AIF and Argdown",
        "Read IN and write OUT, each in the format its name implies (.argmap, .json, "
        ".aif.json, .argdown) or the one given. Nothing is written if IN is malformed. "
        "See docs/interchange.md for what each format keeps.",
        _options_convert,
    ),
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand *argv* names, if its first word that is not an option is one."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in _COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``argmap`` command with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    if argv is None:
        argv = sys.argv[1:]
    parser = _build_parser(_command_in(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        with _no_gc(not getattr(args, "watch", False) and args.command not in _LONG_RUNNING):
            status: int = args.handler(args)
    except _UsageError as exc:
        args.subparser.print_usage(sys.stderr)
        print(f"argmap {args.command}: error: {_visible(str(exc))}", file=sys.stderr)
        return 2
    except _Failure as exc:
        print(_visible(str(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return status


#: Commands that run until stopped: they keep the cyclic garbage collector on (see :func:`_no_gc`).
_LONG_RUNNING = frozenset(("serve", "lsp"))


@contextlib.contextmanager
def _no_gc(active: bool = True) -> Iterator[None]:
    """Run one command with the cyclic garbage collector off.

    Parsing a large map makes millions of objects that all live to the end,
    and the collector walks them again and again for nothing: on a map of
    50,000 statements it took over half the time (docs/performance.md).  A
    command is short and makes little cyclic garbage; ``--watch`` runs for
    ever, so it keeps the collector on.
    """
    if not active or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# -- reading ------------------------------------------------------------


def _read_error(name: str, exc: BaseException) -> str:
    """The message for a file that could not be read, in compiler format."""
    if isinstance(exc, UnicodeDecodeError):
        bad = exc.object[exc.start : exc.start + 1]
        return (
            f"{name}: error: not UTF-8 text (byte 0x{bad.hex()} at offset {exc.start}); "
            "save the file as UTF-8"
        )
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return f"{name}: error: cannot read: {reason}"
    return str(exc)


def _stdin_text() -> str:
    """Standard input as text (UTF-8, a byte-order mark dropped); raises UnicodeDecodeError."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    return data.decode("utf-8-sig")


def _for_terminal(text: str, stream: TextIO) -> str:
    """*text* with its control characters made harmless when *stream* is a terminal.

    Map text may hold escape sequences; written to a file or a pipe the
    product is kept byte for byte, shown on a terminal it must not move the
    cursor, retitle the window or worse.
    """
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return _visible(text) if tty else text


#: File names that hold a map in another format, read by their suffix (argmap.interchange).
_OTHER_SUFFIXES = (".json", ".aif", ".argdown", ".ad")


def _load(name: str, notation_only: bool = False,
          warnings: list[argmap.Diagnostic] | None = None) -> argmap.ArgumentMap:
    """Load a map from a file name or stdin; raise _Failure with the message.

    A ``.json``, ``.aif.json`` or ``.argdown`` file is read in its format,
    unless *notation_only* (fmt), which says how to convert it instead; what
    its reader could not keep (an Argdown statement's second text, say) is
    added to *warnings*, for the command to report.
    """
    try:
        if name == STDIN:
            return argmap.parse(_stdin_text(), source="<stdin>")
        if name.lower().endswith(_OTHER_SUFFIXES):
            if notation_only:
                stem = name.rsplit(".", 2 if name.lower().endswith(".aif.json") else 1)[0]
                raise _Failure(f"{name}: error: fmt lays out argmap notation, and this is not an .argmap file\n"
                               f"hint: to turn it into notation, run 'argmap convert {name} {stem}.argmap'")
            return argmap.read(name, warnings=warnings)
        return argmap.load(name)
    except argmap.ArgmapError as exc:
        raise _Failure(_error_report(exc, name)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _Failure(_read_error("<stdin>" if name == STDIN else name, exc)) from exc


def _error_report(exc: argmap.ArgmapError, name: str) -> str:
    """Every ArgmapError the same way: ``FILE:LINE:COL: error: message``, the line, a caret, the hint.

    An error that knows its place is that report already (a syntax error's
    holds every mistake found); one that does not gets the file it is about.
    """
    if exc.source is not None or exc.line is not None:
        return str(exc)
    return exc.format(source="<stdin>" if name == STDIN else name)


def _errors_of(m: argmap.ArgumentMap) -> list[argmap.Diagnostic]:
    """The errors of ``argmap.check(m)`` (the checks that only warn are not run)."""
    from argmap.checks import _errors

    return _errors(m)


def _report(m: argmap.ArgumentMap, diagnostics: Sequence[argmap.Diagnostic], stream: TextIO) -> None:
    for d in diagnostics:
        print(d.format(m.source, m.text), file=stream)


# -- render -------------------------------------------------------------


def _same_file(a: str, b: str) -> bool:
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def _render_options(args: argparse.Namespace) -> argmap.RenderOptions:
    """The :class:`RenderOptions` of parsed :func:`add_drawing_options`; a bad value raises :class:`_UsageError`."""
    from argmap.render import parse_tag_colors

    if args.depth is not None and args.focus is None:
        raise _UsageError("--depth needs --focus ID")
    try:
        colors: dict[str, str] = {}
        for item in args.tag_color:
            colors.update(parse_tag_colors(item))
        hide = [kind for item in args.hide for kind in item.split(",") if kind]
        return argmap.RenderOptions(
            rankdir=args.rankdir, theme=args.theme, tag_colors=colors, legend=args.legend,
            focus=args.focus, depth=args.depth, timeline=args.timeline, hide=hide, wrap=args.wrap,
            color_by=args.color_by, semantics=args.semantics,
        )
    except argmap.ArgmapRenderError as exc:
        raise _UsageError(str(exc)) from exc


def _render_jobs(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """(FILE, OUT, FORMAT) for each FILE, checked before anything is read."""
    from pathlib import Path

    fmt: str | None = args.format
    out: str | None = args.output
    files: list[str] = args.files
    if out is not None and (len(files) > 1 or args.output_dir is not None):
        raise _UsageError("-o takes one FILE and no -d; use -d OUTDIR for several files")
    if fmt is None:
        if out is None or out == STDIN:
            fmt = "svg"
        else:
            suffix = Path(out).suffix.lower().lstrip(".")
            if suffix not in FORMATS:
                raise _UsageError(
                    f"cannot tell the format from {out!r}; give -f with one of {', '.join(FORMATS)}"
                )
            fmt = suffix
    if args.watch and (out == STDIN or STDIN in files):
        raise _UsageError("--watch needs files, not stdin or stdout")
    jobs = []
    for name in files:
        if out is not None:
            target = out
        elif name == STDIN:
            raise _UsageError("reading stdin needs -o OUT (or -o - for stdout)")
        elif args.output_dir is not None:
            target = str(Path(args.output_dir) / (Path(name).stem + "." + fmt))
        else:
            target = str(Path(name).with_suffix("." + fmt))
        if target != STDIN and name != STDIN and _same_file(target, name):
            raise _UsageError(f"output {target!r} is the input file; give another -o")
        jobs.append((name, target, fmt))
    if args.output_dir is not None:
        # Two FILEs of one name in different folders would be drawn into one OUTDIR/NAME.FORMAT.
        seen: dict[str, str] = {}
        for name, target, _ in jobs:
            key = os.path.normcase(os.path.abspath(target))
            if key in seen:
                raise _UsageError(
                    f"{seen[key]!r} and {name!r} would both be written to {target!r}; "
                    "render them into different folders (or one with -o)"
                )
            seen[key] = name
    return jobs


def _cmd_render(args: argparse.Namespace) -> int:
    jobs = _render_jobs(args)
    options = _render_options(args)
    if args.output_dir is not None:
        try:
            os.makedirs(args.output_dir, exist_ok=True)
        except OSError as exc:
            raise _Failure(f"{args.output_dir}: error: cannot create: {exc.strerror or exc}") from exc
    if args.watch:
        return _watch(args, jobs, options)
    status = 0
    for name, out, fmt in jobs:
        try:
            _render_one(args, name, out, fmt, options)
        except _Failure as exc:
            if str(exc):
                print(_visible(str(exc)), file=sys.stderr)
            status = 1
    return status


def _render_one(args: argparse.Namespace, name: str, out: str, fmt: str, options: argmap.RenderOptions) -> None:
    import warnings

    from argmap.render import RenderWarning, render_bytes  # the module, not the re-exported function

    read: list[argmap.Diagnostic] = []
    m = _load(name, warnings=read)
    _report(m, read, sys.stderr)  # what the reader of another format could not keep
    errors = _errors_of(m)
    if errors:
        _report(m, errors, sys.stderr)
        n = len(errors)
        raise _Failure(f"argmap render: {n} error{'s' if n != 1 else ''} in {name}; nothing written")

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RenderWarning)
            timeout = _timeout(args)
            if fmt == "html":
                # The interactive page (argmap.interactive): one file, its own layout of the map.
                from argmap.interactive import to_html

                page = to_html(m, options, engine=args.engine, timeout=timeout).encode("utf-8")
                if out == STDIN:
                    sys.stdout.flush()
                    sys.stdout.buffer.write(page)
                    sys.stdout.buffer.flush()
                else:
                    atomic_write(out, page)
                    if not args.quiet:
                        print(f"argmap: wrote {out}", file=sys.stderr)
            elif out == STDIN:
                data = render_bytes(m, fmt, engine=args.engine, options=options, timeout=timeout)
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            else:
                written = argmap.render(m, out, format=fmt, engine=args.engine, options=options, timeout=timeout)
                if not args.quiet:
                    print(f"argmap: wrote {written}", file=sys.stderr)
        for warning in caught:
            print(f"{name}: warning: {_visible(str(warning.message))}", file=sys.stderr)
    except argmap.ArgmapError as exc:
        raise _Failure(_error_report(exc, name)) from exc
    except BrokenPipeError:
        # The reader went away (`argmap render x -o - | head`); not our failure.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise _Failure("") from None
    except OSError as exc:
        where = exc.filename or out
        raise _Failure(f"{where}: error: cannot write: {exc.strerror or exc}") from exc


def _timeout(args: argparse.Namespace) -> float | None:
    """The Graphviz time limit of ``--timeout``: the default when absent, None for 0 (no limit)."""
    from argmap.engines import DEFAULT_TIMEOUT

    seconds: float | None = args.timeout
    if seconds is None:
        return DEFAULT_TIMEOUT
    return seconds or None


#: Seconds between looks at the watched files; tests replace _sleep.
WATCH_INTERVAL = 0.3


def _sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)


def _stamp(name: str) -> tuple[int, int] | None:
    try:
        st = os.stat(name)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _watch(args: argparse.Namespace, jobs: list[tuple[str, str, str]], options: argmap.RenderOptions) -> int:
    """Render every job, then again each time its file changes, until Ctrl-C."""
    stamps: dict[str, tuple[int, int] | None] = {}
    print(f"argmap: watching {_plural(len(jobs), 'file')}; Ctrl-C stops", file=sys.stderr)
    try:
        while True:
            for name, out, fmt in jobs:
                stamp = _stamp(name)
                if name in stamps and stamp == stamps[name]:
                    continue
                stamps[name] = stamp
                if stamp is not None and stamp[1] == 0:
                    # An editor that truncates the file before writing it leaves it empty for a moment.
                    print(f"{name}: note: the file is empty (still being saved?); kept the last good {out}",
                          file=sys.stderr)
                    continue
                try:
                    _render_one(args, name, out, fmt, options)
                except _Failure as exc:
                    # Keep watching: the last good drawing stays in place.
                    print(f"{_visible(str(exc))}\nargmap: kept the last good {out}; waiting for changes", file=sys.stderr)
            sys.stderr.flush()
            _sleep(WATCH_INTERVAL)
    except KeyboardInterrupt:
        return 0


# -- serve --------------------------------------------------------------


def _cmd_serve(args: argparse.Namespace) -> int:
    from argmap.serve import run

    if args.file == STDIN:
        raise _UsageError("serve needs a file to follow, not stdin")
    if not 0 <= args.port <= 65535:
        raise _UsageError(f"--port must be 0 to 65535, not {args.port}")
    options = _render_options(args)
    return run(args.file, args.port, options, args.engine, sys.stdout, sys.stderr, open_browser=args.open)


# -- check --------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cmd_check(args: argparse.Namespace) -> int:
    errors = warnings = 0
    for name in args.files:
        read: list[argmap.Diagnostic] = []  # what the reader of another format could not keep
        try:
            m = _load(name, warnings=read)
        except _Failure as exc:
            print(_visible(str(exc)), file=sys.stdout)
            syntax = getattr(exc.__cause__, "errors", [None])
            errors += len(syntax)
            rest = _rest_of(name, exc.__cause__)
            if rest is not None:  # the checks on what could be read (docs/notation.md)
                found = argmap.check(rest)
                _report(rest, found, sys.stdout)
                errors += sum(d.severity is argmap.Severity.ERROR for d in found)
                warnings += sum(d.severity is argmap.Severity.WARNING for d in found)
            continue
        diagnostics = [*argmap.check(m), *read]
        if m.text is not None and not name.lower().endswith(_OTHER_SUFFIXES):
            # What parses but reads oddly: a 'Date:' glued into a text, a key's typo.
            from argmap.parser import notation_warnings

            diagnostics += notation_warnings(m.text, m.source, m)
        diagnostics.sort(key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))
        _report(m, diagnostics, sys.stdout)
        errors += sum(d.severity is argmap.Severity.ERROR for d in diagnostics)
        warnings += sum(d.severity is argmap.Severity.WARNING for d in diagnostics)
    print(
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(len(args.files), 'file')}",
        file=sys.stdout,
    )
    if errors or (args.strict and warnings):
        return 1
    return 0


def _rest_of(name: str, error: BaseException | None) -> argmap.ArgumentMap | None:
    """The map of the rest of a notation file with syntax errors, less what the errors set aside.

    A reference to a node whose line was set aside is not reported (it may
    be the mistake's consequence): only what the checks find on the rest.
    """
    if not isinstance(error, argmap.ArgmapSyntaxError) or error.text is None or name.lower().endswith(
            _OTHER_SUFFIXES):
        return None
    from argmap.parser import parse_document

    doc = parse_document(error.text, source=error.source)
    if doc.map is None:
        return None
    import re

    known = set(doc.map.statements) | set(doc.map.arguments)
    # Ids written on some line (in whatever shape) that the map lacks: their lines were set aside.
    aside = set(re.findall(r"(?m)^[ \t]*(?:[+\-_][ \t]+)?\w+[ \t]+([^\s:]+)[ \t]*:", error.text)) - known
    rest = doc.map
    dangling = [r for r in rest.relations if r.source in aside or r.target_id in aside]
    if dangling:
        import attrs

        rest = attrs.evolve(rest, relations=[r for r in rest.relations if r not in dangling])
    return rest


# -- fmt ----------------------------------------------------------------


def _formatted(name: str) -> tuple[argmap.ArgumentMap, str]:
    """Load *name* and return it with its canonical text, verified to round-trip."""
    m = _load(name, notation_only=True)
    # The author's file laid out (argmap.format.format_text); a map with no text, canonically.
    new = format_text(m.text, source=m.source) if m.text is not None else argmap.dumps(m)
    try:
        again = argmap.parse(new, source=m.source)
    except argmap.ArgmapError as exc:
        raise _Failure(
            f"{name}: error: the formatted text does not parse; file left untouched "
            f"(a bug in argmap, please report it):\n{exc}"
        ) from exc
    if again != m:
        raise _Failure(
            f"{name}: error: formatting would change the map; file left untouched "
            "(a bug in argmap, please report it)"
        )
    return m, new


def _cmd_lsp(args: argparse.Namespace) -> int:
    try:
        from argmap import lsp
    except ImportError as exc:
        if exc.name not in ("pygls", "lsprotocol", "cattrs") and not (exc.name or "").startswith(("pygls.", "lsprotocol.")):
            raise
        raise _Failure(
            "argmap lsp: error: the language server needs pygls and lsprotocol, which are not installed\n"
            "hint: pip install 'argmap[lsp]'"
        ) from None
    return lsp.main()


def _cmd_fmt(args: argparse.Namespace) -> int:
    status = 0
    changed: list[str] = []
    for name in args.files:
        try:
            m, new = _formatted(name)
            if name == STDIN:
                if not args.check:
                    sys.stdout.write(_for_terminal(new, sys.stdout))
                elif new != (m.text or ""):
                    changed.append(name)
                    print(name, file=sys.stdout)
                continue
            data = new.encode("utf-8")
            try:
                with open(name, "rb") as file:
                    old = file.read()
            except OSError as exc:
                raise _Failure(_read_error(name, exc)) from exc
            if old == data:
                continue
            changed.append(name)
            if args.check:
                print(name, file=sys.stdout)
            else:
                try:
                    atomic_write(name, data)
                except OSError as exc:
                    raise _Failure(f"{name}: error: cannot write: {exc.strerror or exc}") from exc
                print(f"argmap: reformatted {name}", file=sys.stderr)
        except _Failure as exc:
            print(_visible(str(exc)), file=sys.stderr)
            status = 1
    if args.check:
        if changed:
            print(f"argmap: {_plural(len(changed), 'file')} would be reformatted", file=sys.stderr)
            status = 1
    return status


# -- eval ---------------------------------------------------------------


def _eval_table(m: argmap.ArgumentMap, result: argmap.Evaluation) -> str:
    rows = [("id", "kind", result.semantics, "text")]
    for id, value in result.values.items():
        node = m.get(id)
        kind = str(node.kind) if isinstance(node, argmap.Statement) else "argument"
        shown = str(value) if isinstance(value, str) else f"{value:.4f}"
        text = " ".join(node.text.split())
        if len(text) > 60:
            text = text[:59] + "\u2026"
        rows.append((id, kind, shown, text))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [
        "  ".join([r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2].ljust(widths[2]), r[3]]).rstrip()
        for r in rows
    ]
    if result.extensions is not None and result.semantics != "grounded":
        lines.append(f"{_plural(len(result.extensions), result.semantics + ' extension')}")
    return "\n".join(lines) + "\n"


#: What JSON's encoder leaves raw that a terminal would obey (C1 controls, DEL) or that reorders text.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _json_escaped(text: str) -> str:
    """JSON *text* with the characters of :data:`_JSON_UNSAFE` written as ``\\uXXXX`` (the same data)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _cmd_eval(args: argparse.Namespace) -> int:
    import json

    from argmap import iccma
    from argmap.evaluate import attack_framework

    read: list[argmap.Diagnostic] = []
    m = _load(args.file, warnings=read)
    _report(m, read, sys.stderr)  # what the reader of another format could not keep
    errors = _errors_of(m)
    if errors:
        _report(m, errors, sys.stderr)
        raise _Failure(f"argmap eval: {_plural(len(errors), 'error')}; nothing evaluated")
    try:
        if args.framework:
            text = iccma.dumps(attack_framework(m), args.framework)
        else:
            result = argmap.evaluate(m, args.semantics)
            if result.message:
                severity = "note" if result.status == "ok" else "warning"
                print(f"{m.source or args.file}: {severity}: {_visible(result.message)}", file=sys.stderr)
            if args.format == "json":
                text = _json_escaped(json.dumps(result.to_dict(m), indent=2, ensure_ascii=False)) + "\n"
            else:
                text = _visible(_eval_table(m, result))
    except argmap.ArgmapError as exc:
        raise _Failure(_error_report(exc, args.file)) from exc
    out = args.output
    if out is None or out == STDIN:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
        return 0
    if args.file != STDIN and _same_file(out, args.file):
        raise _UsageError(f"output {out!r} is the input file; give another -o")
    try:
        atomic_write(out, text.encode("utf-8"))
    except OSError as exc:
        raise _Failure(f"{out}: error: cannot write: {exc.strerror or exc}") from exc
    return 0


# -- convert ------------------------------------------------------------


def _cmd_convert(args: argparse.Namespace) -> int:
    from argmap import interchange

    try:
        source_format = args.from_format or ("argmap" if args.input == STDIN else interchange.format_of(args.input))
        target_format = args.to_format or (None if args.output == STDIN else interchange.format_of(args.output))
    except argmap.ArgmapError as exc:
        raise _UsageError(f"{exc}; give --from/--to") from exc
    if target_format is None:
        raise _UsageError("writing to stdout needs --to")
    if args.output != STDIN and args.input != STDIN and _same_file(args.output, args.input):
        raise _UsageError(f"output {args.output!r} is the input file; give another OUT")
    name = "<stdin>" if args.input == STDIN else args.input
    warnings: list[argmap.Diagnostic] = []
    try:
        if args.input == STDIN:
            m = interchange.loads(_stdin_text(), source_format, source=name, warnings=warnings)
        else:
            m = interchange.read(args.input, source_format, warnings=warnings)
    except argmap.ArgmapError as exc:
        raise _Failure(_error_report(exc, name)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _Failure(_read_error(name, exc)) from exc
    errors = _errors_of(m)
    if errors:
        _report(m, errors, sys.stderr)
        if not args.force:
            raise _Failure(f"argmap convert: {_plural(len(errors), 'error')} in {name}; nothing written "
                           "(--force writes it anyway)")
    lost: list[argmap.Diagnostic] = []
    try:
        text = interchange.dumps(m, target_format, warnings=lost)
    except argmap.ArgmapError as exc:
        raise _Failure(f"{_error_report(exc, args.output)}\nargmap convert: nothing written") from exc
    if not args.quiet:
        for d in warnings:
            print(d.format(name, m.text), file=sys.stderr)
        for d in lost:
            print(d.format(args.output), file=sys.stderr)
    if args.output == STDIN:
        sys.stdout.write(_for_terminal(text, sys.stdout))
        return 0
    try:
        atomic_write(args.output, text.encode("utf-8"))
    except OSError as exc:
        raise _Failure(f"{args.output}: error: cannot write: {exc.strerror or exc}") from exc
    if not args.quiet:
        print(f"argmap: wrote {args.output}", file=sys.stderr)
    return 0
