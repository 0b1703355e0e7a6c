"""Start Streamlit on app.py with st.navigation as the only way pages are found."""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli


def main(argv: list[str]) -> None:
    # A folder named pages/ beside app.py makes Streamlit, until st.navigation first runs in the
    # process, treat each file in it as a page of its own: the first deep link after a start
    # (a shared ?session= link) then ran the page without app.py and said "Page not found".
    # st.navigation sets this same flag to False on its first call; this sets it before any.
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", *argv]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
