"""While the store cannot be reached: one clear message instead of a traceback, and back by itself."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from components import state, ui
from werkatelier.store import StoreUnavailable

#: How often the message page asks the store again.
RETRY_SECONDS = 2


def _check() -> None:
    """Raise StoreUnavailable unless the store opens and (if it can tell) answers now."""
    ping = getattr(state.get_store(), "ping", None)
    if ping is not None:
        ping()


def show(err: StoreUnavailable) -> None:
    """The outage page: what is wrong in one sentence; reruns the app once the store answers."""
    st.error(ui.t("store.unavailable", reason=ui.md(err)))
    st.caption(ui.t("store.retrying", seconds=RETRY_SECONDS))

    @st.fragment(run_every=RETRY_SECONDS)
    def retry() -> None:
        try:
            _check()
        except StoreUnavailable:
            return
        st.rerun(scope="app")

    retry()
    st.stop()


def guard() -> None:
    """Stop this run with the outage page unless the store answers."""
    try:
        _check()
    except StoreUnavailable as e:
        show(e)


@contextmanager
def shown() -> Iterator[None]:
    """Around a page: the store going away while it draws shows the outage page, not a traceback."""
    try:
        yield
    except StoreUnavailable as e:
        show(e)
