"""The ``werkatelier`` command: a thin adapter over the package, one small function per subcommand."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from werkatelier import (
    analysis,
    copying,
    demo,
    document,
    exporting,
    i18n,
    importing,
    overview,
    picture,
    report,
    roomnet,
    rooms,
    store,
)
from werkatelier.document import WerkatelierError
from werkatelier.model import PARTS, Session
from werkatelier.store import SessionSummary, Store, open_store

#: app.py sits next to the package in the checkout, which the README installs in editable mode.
APP_PATH = Path(__file__).resolve().parent.parent / "app.py"
#: Streamlit serves app.py through this st.App, which adds the live room's socket.
SERVER_PATH = APP_PATH.parent / "server.py"
DEFAULT_PORT = 8501


# --- what the app shares with the CLI ---------------------------------------------------------

#: Starts Streamlit with st.navigation as the only page mechanism (see its comment).
LAUNCHER = APP_PATH.parent / "components" / "launch.py"


def streamlit_command(app: Path, port: int) -> list[str]:
    return [sys.executable, str(LAUNCHER), "run", str(app), "--server.port", str(port),
            "--browser.gatherUsageStats", "false"]


# --- plumbing ---------------------------------------------------------------------------------

class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    # argparse prints its usage block and exits; a user gets one sentence and exit code 2 instead.
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{message} (see '{self.prog} --help')")


class Context:
    """What a command needs: where sessions live and their store, opened only if the command uses them."""

    def __init__(self, data_dir_option: str | None, store_option: str | None = None):
        self.option = data_dir_option
        self.store_option = store_option
        self._opened: list[Store] = []

    @cached_property
    def target(self) -> str | Path:
        """--store, --data-dir, $WERKATELIER_STORE or the data dir: a folder, or a database URL."""
        return store.store_target(self.store_option, self.option)

    @cached_property
    def data_dir(self) -> Path:
        """The data dir; with a database, still the folder of this machine's own files."""
        return self.target if isinstance(self.target, Path) else store.data_dir(self.option)

    @cached_property
    def store(self) -> Store:
        return self.open(self.target)

    def open(self, target: str | Path) -> Store:
        opened = open_store(target)
        self._opened.append(opened)
        return opened

    def close(self) -> None:
        for s in self._opened:
            close = getattr(s, "close", None)
            if close is not None:
                close()

    @staticmethod
    def out(text: str = "") -> None:
        sys.stdout.write(text + "\n")

    @staticmethod
    def warn(text: str) -> None:
        sys.stderr.write(f"werkatelier: {_one_line(text)}\n")


Handler = Callable[[Context, argparse.Namespace], int]


@dataclasses.dataclass(frozen=True)
class Command:
    name: str
    help: str
    arguments: tuple[tuple[tuple[str, ...], dict[str, Any]], ...]
    handler: Handler


#: Every subcommand by name, in the order --help lists them.
COMMANDS: dict[str, Command] = {}


def arg(*flags: str, **kwargs: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    """One argparse argument, as ``add_argument`` takes it."""
    return flags, kwargs


def command(name: str, help: str, *arguments: tuple[tuple[str, ...], dict[str, Any]]
            ) -> Callable[[Handler], Handler]:
    """Register a subcommand: ``@command("show", "Print a session", arg("id"))`` over its handler."""
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, help, arguments, handler)
        return handler
    return register


def environment_language(environ: Any = None) -> str:
    """nl when the terminal's locale is Dutch, else en: the first of $LC_ALL, $LC_MESSAGES and $LANG
    that is set, as the C library picks it.

    >>> environment_language({"LANG": "nl_NL.UTF-8"}), environment_language({"LC_ALL": "C", "LANG": "nl_BE"})
    ('nl', 'en')
    """
    env = os.environ if environ is None else environ
    locale = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")
    return "nl" if locale.lower().startswith("nl") else "en"


def session_id(value: str) -> str:
    """An argparse type: ids that cannot exist (``../x``) are refused before the store sees them."""
    if not store.valid_id(value):
        raise argparse.ArgumentTypeError(f"there is no session with id {value!r}")
    return value


def _one_line(text: str) -> str:
    text = " ".join(str(text).split())
    return text if text.endswith((".", "!", "?", ")")) or not text else text + "."


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps the global value when the option is not repeated after the subcommand.
    store_help = (f"where sessions live: a folder or a postgresql:// URL (else ${store.ENV_STORE}, "
                  f"else ${store.ENV_DATA_DIR}, else ./sessions)")
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help=f"where sessions live (else ${store.ENV_DATA_DIR}, else ./sessions)")
    common.add_argument("--store", metavar="DIR|URL", default=argparse.SUPPRESS, help=store_help)
    parser = _Parser(prog="werkatelier", description="Workshop tool for stakeholder maps and personas.")
    parser.add_argument("--data-dir", metavar="DIR", default=None,
                        help=f"where sessions live (else ${store.ENV_DATA_DIR}, else ./sessions)")
    parser.add_argument("--store", metavar="DIR|URL", default=None, help=store_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for c in COMMANDS.values():
        p = sub.add_parser(c.name, help=c.help, description=c.help, parents=[common])
        for flags, kwargs in c.arguments:
            p.add_argument(*flags, **kwargs)
        p.set_defaults(handler=c.handler)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 on success, 2 with one sentence on stderr for anything a user can fix."""
    parser = build_parser()
    ctx = Context(None)
    try:
        args = parser.parse_args(argv)
        ctx = Context(args.data_dir, args.store)
        if args.command is None:
            parser.print_help()
            return 2
        return args.handler(ctx, args)
    except _UsageError as e:
        ctx.warn(str(e))
    except WerkatelierError as e:
        ctx.warn(str(e))
    except ValidationError as e:
        ctx.warn("; ".join(document.explain(e)))
    except OSError as e:
        where = f" ({e.filename})" if e.filename else ""
        ctx.warn(f"{e.strerror or e}{where}")
    except SystemExit as e:  # --help and --version exit through argparse
        return e.code if isinstance(e.code, int) else 0
    finally:
        ctx.close()
    return 2


# --- the commands -----------------------------------------------------------------------------

def _summary_data(s: SessionSummary) -> dict[str, Any]:
    return json.loads(json.dumps(dataclasses.asdict(s), default=str))


def _counts(counts: dict[str, int]) -> str:
    shown = [f"{part}: {n}" for part, n in counts.items() if n]
    return ", ".join(shown) or "empty"


@command("list", "List the sessions in the data dir, grouped by programme and team, newest first",
         arg("--json", action="store_true", help="print them as JSON"))
def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    groups = overview.group_sessions(ctx.store.list())
    for sid, why in ctx.store.damaged().items():
        ctx.warn(f"Session {sid} is not listed because it cannot be read ({why}); "
                 f"'werkatelier history {sid}' shows revisions to restore")
    if args.json:
        ctx.out(json.dumps([_summary_data(s) for _, _, items in groups for s in items],
                           indent=2, ensure_ascii=False))
        return 0
    if not groups:
        ctx.out(f"No sessions yet in {ctx.store.location}.")
        return 0
    for programme, team, items in groups:
        ctx.out(" / ".join(x for x in (programme or "(no programme)", overview.team_label(team)) if x))
        for s in items:
            when = (s.event_date or s.updated.date()).isoformat()
            event = f"{s.event}; " if s.event else ""
            ctx.out(f"  {s.id}  {when}  {s.title}  ({event}{_counts(s.counts)}; revision {s.revision})")
    return 0


@command("new", "Create an empty session; prints only its id",
         arg("title", metavar="TITLE", help="the session's title"))
def cmd_new(ctx: Context, args: argparse.Namespace) -> int:
    ctx.out(ctx.store.create(args.title).id)
    return 0


def _show_text(ctx: Context, doc: Session) -> None:
    m = doc.meta
    ctx.out(m.title)
    ctx.out(f"id {doc.id}, revision {doc.revision}, updated {doc.updated.isoformat(timespec='minutes')}")
    for label, value in (("programme", m.programme), ("team", m.team),
                         ("event", ", ".join(str(x) for x in (m.event.name, m.event.date, m.event.location)
                                             if x)),
                         ("carried from", m.carried_from or ""), ("question", doc.question.text)):
        if value:
            ctx.out(f"{label}: {value}")
    ctx.out(_counts({part: len(getattr(doc, part)) for part in PARTS}))
    clusters = {c.id: c.name for c in doc.clusters}
    if doc.stakeholders:
        ctx.out("\nstakeholders:")
    for s in doc.stakeholders:
        extra = [s.organisation, clusters.get(s.cluster or "", ""),
                 f"influence {s.influence}, interest {s.interest}, attitude {s.attitude:+d}",
                 "confidential" if s.confidential else ""]
        ctx.out(f"  {s.name}  ({'; '.join(x for x in extra if x)})")
    if doc.actions:
        ctx.out("\nactions:")
    for a in doc.actions:
        ctx.out(f"  [{a.status}] {a.action}" + "".join(f" - {x}" for x in (a.who, a.when) if x))


@command("show", "Print one session",
         arg("id", metavar="ID", type=session_id, help="the session's id (see 'werkatelier list')"),
         arg("--json", action="store_true", help="print the whole session document"))
def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    doc = ctx.store.get(args.id)
    if args.json:
        sys.stdout.write(document.dumps(doc))
    else:
        _show_text(ctx, doc)
    return 0


@command("validate", "Check that a file is a valid session document; writes nothing",
         arg("file", metavar="FILE", help="a session JSON file"))
def cmd_validate(ctx: Context, args: argparse.Namespace) -> int:
    doc = demo.read_session_file(args.file)
    counts = _counts({part: len(getattr(doc, part)) for part in PARTS})
    ctx.out(f"{args.file}: a valid session, {doc.meta.title!r} ({counts}).")
    return 0


@command("history", "List a session's revisions, oldest first",
         arg("id", metavar="ID", type=session_id, help="the session's id"))
def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    for r in ctx.store.history(args.id):
        ctx.out(f"{r.revision:>4}  {r.when.isoformat(timespec='seconds')}  {r.op:<18} {r.summary}")
    return 0


@command("restore", "Make an old revision current again, as a new revision",
         arg("id", metavar="ID", type=session_id, help="the session's id"),
         arg("revision", metavar="REV", type=int, help="the revision to bring back"))
def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    doc = ctx.store.restore(args.id, args.revision)
    ctx.out(f"Revision {args.revision} of {doc.id} restored as revision {doc.revision}.")
    return 0


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"the port must be a number from 1 to 65535, not {value!r}")
    return port


@command("run", "Start the app in the browser (adds the demo sessions on first start)",
         arg("--port", type=_port, default=DEFAULT_PORT, help=f"port to serve on (default {DEFAULT_PORT})"),
         arg("--room", action="store_true",
             help="also serve the app to this laptop's network, so phones in the room can join with a code; "
                  "prints the facilitator's link"))
def cmd_run(ctx: Context, args: argparse.Namespace) -> int:
    if not APP_PATH.is_file():
        raise WerkatelierError(
            f"The app is missing: {APP_PATH} does not exist. Install Werkatelier from its checkout "
            "with 'pip install -e .'")
    env = {**os.environ, store.ENV_STORE: str(ctx.target)}
    env.pop(roomnet.ENV_ROOM, None)
    env.pop(roomnet.ENV_OPEN, None)
    if args.room:
        # Before anything starts: no network, no room, and the facilitator is told why.
        network = roomnet.lan_address()
        code = rooms.Rooms(ctx.store).facilitator_code()
        # Cookies are kept per host: the laptop's browser stays on 127.0.0.1, phones use the network.
        local = rooms.facilitator_url(f"http://127.0.0.1:{args.port}", code)
        ctx.out(f"facilitator: {local}")
        ctx.out(f"facilitator (network): {rooms.facilitator_url(f'http://{network}:{args.port}', code)}")
        env[roomnet.ENV_ROOM], env[roomnet.ENV_OPEN] = "1", local
    if isinstance(ctx.target, Path):
        root = ctx.target
        root.mkdir(parents=True, exist_ok=True)
        demo.seed_examples(ctx.store, demo.EXAMPLES_DIR, data_dir=root, report=ctx.warn)
        env[store.ENV_DATA_DIR] = str(root)
    else:
        # A shared database gets no demo sessions; this checks it answers before the app starts.
        ctx.store.list()
    ctx.close()
    cmd = streamlit_command(SERVER_PATH, args.port)
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        # Become Streamlit, so Ctrl-C and a terminating test reach the server itself.
        os.execve(sys.executable, cmd, env)
    return subprocess.call(cmd, env=env)


@command("room", "Print a session's join code and the link phones in the room open (its QR code's)",
         arg("id", metavar="ID", type=session_id, help="the session's id"),
         arg("--new-code", action="store_true",
             help="replace the join code first: everyone who joined with the old one is out"),
         arg("--port", type=_port, default=DEFAULT_PORT,
             help=f"the port 'werkatelier run --room' serves on (default {DEFAULT_PORT})"))
def cmd_room(ctx: Context, args: argparse.Namespace) -> int:
    ctx.store.get(args.id)  # a session that exists, or one sentence
    codes = rooms.Rooms(ctx.store)
    code = codes.new_join_code(args.id) if args.new_code else codes.join_code(args.id)
    ctx.out(f"code: {code}")
    try:
        network = roomnet.lan_address()
    except WerkatelierError as e:
        ctx.warn(f"No join link: {e}")
        return 0
    ctx.out(f"join: {rooms.join_url(f'http://{network}:{args.port}', code)}")
    return 0


@command("copy", "Copy sessions with their whole history from one store to another (a folder or a "
                 "postgresql:// URL); sessions already there are checked, not copied again",
         arg("--from", dest="source", metavar="DIR|URL", required=True, help="the store to copy from"),
         arg("--to", dest="dest", metavar="DIR|URL", required=True, help="the store to copy to"),
         arg("ids", metavar="ID", nargs="*", type=session_id, help="the sessions to copy (default: all)"))
def cmd_copy(ctx: Context, args: argparse.Namespace) -> int:
    src = ctx.open(store.store_target(args.source))
    dst = ctx.open(store.store_target(args.dest))
    return 0 if copying.copy_sessions(src, dst, args.ids, report=ctx.out, warn=ctx.warn) else 2


@command("empty-trash", "Delete the sessions in the trash for good")
def cmd_empty_trash(ctx: Context, args: argparse.Namespace) -> int:
    n = ctx.store.empty_trash()
    ctx.out(f"Deleted {n} session{'' if n == 1 else 's'} from the trash for good.")
    return 0


# --- import and export: thin over werkatelier.importing and werkatelier.exporting -------------

@command("import", "Import stakeholders, relations and clusters from CSV, XLSX, Kumu, GEXF, GraphML "
                   "or session JSON; prints what changed and the session id",
         arg("file", metavar="FILE", help="the file to import"),
         arg("--into", metavar="ID", type=session_id, help="the session to import into (default: a new one)"),
         arg("--new", metavar="TITLE", help="title of the new session (default: the file's title or name)"),
         arg("--format", choices=importing.FORMATS, default="auto", help="the file's format (default: auto)"),
         arg("--dry-run", action="store_true", help="show what would change and write nothing"),
         arg("--lang", choices=i18n.LANGUAGES, default=None,
             help="language of the preview (default: nl when the locale ($LC_ALL, $LC_MESSAGES or $LANG) "
                  "is Dutch, else en)"))
def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    lang = args.lang or environment_language()
    try:
        result = importing.import_file(ctx.store, Path(args.file), into=args.into, new=args.new,
                                       format=args.format, dry_run=args.dry_run)
    except importing.ImportRefused as e:
        raise WerkatelierError(e.text(lang)) from None
    for line in result.plan.preview(lang):
        ctx.out(line)
    if not result.written:
        ctx.out(i18n.t("import.dry_run", lang))
    if result.session_id:
        ctx.out(result.session_id)
    return 0


@command("export", "Write a session to a file (confidential items are left out unless asked for)",
         arg("id", metavar="ID", type=session_id, help="the session's id"),
         arg("--format", required=True,
             choices=("json", "csv", "xlsx", "kumu", "gexf", "graphml", "html", "referral",
                      "svg", "png", "pdf"),
             help="csv is a zip of CSV files; referral is the referral index, Markdown or (--out *.csv) CSV; "
                  "svg, png and pdf are pictures of the map"),
         arg("--out", metavar="PATH", required=True, help="the file to write"),
         arg("--include-confidential", action="store_true", help="keep confidential items in the export"),
         arg("--lang", choices=("nl", "en"), default="nl", help="language of the referral index and HTML"),
         arg("--paper", choices=("A4", "A3"), default="A4", help="page size of a PDF picture (landscape)"))
def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    doc = ctx.store.get(args.id)
    if args.format in picture.PICTURE_FORMATS:
        data = picture.picture(doc, args.format, include_confidential=args.include_confidential,
                               lang=args.lang, paper=args.paper)
        path = exporting.write_file(data, args.out)
        hidden = "" if args.include_confidential else " (confidential items left out)"
        ctx.out(f"Wrote {path}{hidden}.")
        return 0
    fmt = "referral-csv" if args.format == "referral" and args.out.lower().endswith(".csv") else args.format
    path = exporting.write_export(doc, fmt, args.out, include_confidential=args.include_confidential,
                                  lang=args.lang)
    hidden = "" if args.include_confidential else " (confidential items left out)"
    ctx.out(f"Wrote {path}{hidden}.")
    return 0


@command("report", "Write the day's report as DOCX (to edit) or PDF (to send), from --out's extension",
         arg("id", metavar="ID", type=session_id, help="the session's id"),
         arg("--out", metavar="FILE", required=True, help="the report to write: FILE.docx or FILE.pdf"),
         arg("--lang", choices=("nl", "en"), default="nl", help="language of the report"),
         arg("--include-confidential", action="store_true", help="keep confidential items in the report"))
def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    fmt = report.format_of(args.out)
    doc = ctx.store.get(args.id)
    data = report.session_report(ctx.store, doc, fmt, lang=args.lang,
                                 include_confidential=args.include_confidential)
    path = exporting.write_file(data, args.out)
    hidden = "" if args.include_confidential else " (confidential items left out)"
    ctx.out(f"Wrote {path}{hidden}.")
    return 0


@command("analyse", "Analyse a session's map: brokers, bridges, isolated stakeholders, power-interest "
         "quadrants and suggested clusters",
         arg("id", metavar="ID", type=session_id, help="the session's id"),
         arg("--json", action="store_true", help="print every figure as JSON"))
def cmd_analyse(ctx: Context, args: argparse.Namespace) -> int:
    doc = ctx.store.get(args.id)
    result = analysis.analyse(doc)
    if args.json:
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        return 0
    name = {s.id: s.name for s in doc.stakeholders}
    cluster = {c.id: c.name for c in doc.clusters}
    s = result["summary"]
    ctx.out(f"{doc.meta.title}: {s['stakeholders']} stakeholders, {s['relations']} relations.")
    ctx.out("\nWho sits between the worlds (linking clusters), by betweenness:")
    brokers = sorted(result["brokers"].items(), key=lambda kv: -kv[1]["betweenness"])
    for sid, b in [kv for kv in brokers if kv[1]["between_worlds"]][:10]:
        linked = ", ".join(cluster.get(c, c) for c in b["clusters"])
        ctx.out(f"  {name[sid]}  {b['betweenness']:.3f}  ({linked})")
    ctx.out("\nBridges (relations whose loss splits the map):")
    for a, b in result["bridges"]["relations"].values():
        ctx.out(f"  {name[a]} – {name[b]}")
    ctx.out("\nIsolated (no relation): " + (", ".join(name[i] for i in result["isolated"]) or "none"))
    ctx.out("\nPower-interest quadrants:")
    by_quadrant: dict[str, list[str]] = {}
    for sid, p in result["power_interest"].items():
        by_quadrant.setdefault(p["quadrant"], []).append(name[sid])
    for key, label in analysis.quadrant_names("en").items():
        ctx.out(f"  {label}: " + (", ".join(by_quadrant.get(key, [])) or "none"))
    sug = result["suggested_clusters"]
    agreement = "n/a" if sug["agreement"] is None else f"{sug['agreement']:.2f}"
    ctx.out(f"\nSuggested clusters ({len(sug['clusters'])}; agreement with the team's own: {agreement}):")
    for n, c in enumerate(sug["clusters"], 1):
        ctx.out(f"  {n}. " + ", ".join(name[m] for m in c["members"]))
    return 0
