"""Werkatelier's Streamlit entry: page config, the data dir, demo seeding and the start page."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, datetime

import streamlit as st

from werkatelier import cli, demo, overview, store
from werkatelier.store import SessionSummary

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
#: Dutch names of the parts of a session, singular and plural.
PART_LABELS = {
    "participants": ("deelnemer", "deelnemers"),
    "stakeholders": ("stakeholder", "stakeholders"),
    "relations": ("relatie", "relaties"),
    "clusters": ("cluster", "clusters"),
    "personas": ("persona", "persona's"),
    "interviews": ("interview", "interviews"),
    "rounds": ("werkronde", "werkrondes"),
    "actions": ("actie", "acties"),
}


def data_dir_option(argv: list[str]) -> str | None:
    """``streamlit run app.py -- --data-dir DIR`` hands the app its own arguments."""
    # No help and no abbreviations: under AppTest, argv is pytest's and must be left alone.
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--data-dir")
    return parser.parse_known_args(argv)[0].data_dir


def md(text: object) -> str:
    """User text as literal Markdown: no links, images (outside requests) or formatting sneak in."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(str(text).split()))


def dutch_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def dutch_counts(counts: dict[str, int]) -> str:
    shown = [f"{n} {PART_LABELS.get(part, (part, part))[n != 1]}" for part, n in counts.items() if n]
    return " · ".join(shown) or "nog leeg"


def local_time(t: datetime) -> str:
    return t.astimezone().strftime("%d-%m-%Y %H:%M")


def session_card(s: SessionSummary) -> None:
    with st.container(border=True):
        st.markdown(f"**{md(s.title)}**")
        when = [md(x) for x in (s.event, s.event_date and dutch_date(s.event_date)) if x]
        if when:
            st.markdown(" · ".join(when))
        st.caption(f"{dutch_counts(s.counts)}  \nBijgewerkt {local_time(s.updated)} · versie {s.revision}")


def start_page(root) -> None:
    st.title("Werkatelier")
    st.caption(f"Sessies in {md(root)}")
    try:
        sessions_store = cli.open_store(root)
        sessions = sessions_store.list()
        damaged = cli.damaged_sessions(sessions_store)
    except (OSError, ValueError) as e:
        st.error(f"De sessies in {md(root)} konden niet worden gelezen: {md(e)}")
        return
    for sid, why in damaged.items():
        st.warning(f"Sessie {md(sid)} kan niet worden geopend en staat daarom niet in de lijst: {md(why)}")
    groups = overview.group_sessions(sessions)
    if not groups:
        st.info('Nog geen sessies. Maak een eerste sessie aan met `werkatelier new "Titel"` in de terminal.')
        return
    for programme, team, items in groups:
        heading = [md(programme) if programme else "Zonder programma", md(overview.team_label(team))]
        st.subheader(" · ".join(x for x in heading if x))
        columns = st.columns(3)
        for i, s in enumerate(items):
            with columns[i % 3]:
                session_card(s)


st.set_page_config(page_title="Werkatelier", layout="wide")
ROOT = store.data_dir(data_dir_option(sys.argv[1:]))
problems: list[str] = []
try:
    demo.seed_examples(cli.open_store(ROOT), demo.EXAMPLES_DIR, data_dir=ROOT, report=problems.append)
except OSError as e:
    problems.append(f"De demosessies konden niet worden toegevoegd: {e}")
for p in problems:
    st.warning(md(p))
start_page(ROOT)
