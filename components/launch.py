"""Start Streamlit on app.py with st.navigation as the only way pages are found."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from streamlit.runtime.pages_manager import PagesManager


@contextlib.contextmanager
def pages_by_navigation_only() -> Iterator[None]:
    """Keep Streamlit from running a file in pages/ on its own; app.py's st.navigation decides.

    A folder named pages/ beside app.py makes Streamlit, until st.navigation first runs in the
    process, treat each file in it as a page of its own: the first deep link after a start (a
    shared ?session= link) then ran the page without app.py and said "Page not found". AppTest
    turns that mode back on before every run. st.navigation turns it off on its first call;
    this turns it off before any, for every PagesManager made while the block runs. The
    launcher, the tests and the benchmarks all use this one switch.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]
    PagesManager.uses_pages_directory = False
    try:
        yield
    finally:
        PagesManager.__init__ = original  # type: ignore[method-assign]


def main(argv: list[str]) -> None:
    from streamlit.web import cli

    sys.argv = ["streamlit", *argv]
    with pages_by_navigation_only():
        cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
