"""Browser tests: one real `werkatelier run` on a temporary data dir, driven by Debian's Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, OPENED, AppPage, start_app
from playwright.sync_api import Page

from werkatelier.store import FileStore


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1920, "height": 1080}}


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("werkatelier-data")


@pytest.fixture(scope="session")
def app_url(app_data_dir):
    """The real app, started the way a facilitator starts it: `werkatelier run`."""
    with start_app(app_data_dir) as url:
        yield url


@pytest.fixture(scope="session")
def app_store(app_data_dir, app_url) -> FileStore:
    """The same data dir the running app uses (after it seeded the demos)."""
    return FileStore(app_data_dir)


@pytest.fixture
def app(page: Page, app_url) -> AppPage:
    return AppPage(page, app_url)


@pytest.fixture(autouse=True)
def no_page_errors():
    """No tab a test opened threw an error: one Streamlit does not catch leaves the page white."""
    OPENED.clear()
    yield
    errors = [(tab.page.url, error) for tab in OPENED for error in tab.errors]
    OPENED.clear()
    assert errors == []
