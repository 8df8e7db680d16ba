"""Browser fixtures: Debian's headless Chromium driven by Playwright, against a live Guichet.

Without Chromium the browser tests skip, saying how to get it; under CI (``CI``
set) they fail instead, so the suite can never pass there without them.
Failures leave a screenshot in ``test-artifacts/``.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.a11y import AxeChecker
from tests.browser.server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
IN_CI = bool(os.environ.get("CI"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 10_000


def find_chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def require_chromium(path: str | None, *, in_ci: bool) -> str:
    """The browser's path; without one, skip saying how to get it, or fail under CI."""
    if path is None:
        message = ("Browser tests need Debian's Chromium, which is not installed: "
                   "run `sudo apt-get install chromium` to enable them.")
        if in_ci:
            pytest.fail(message + " Under CI (CI is set) they are required.", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return require_chromium(find_chromium(), in_ci=IN_CI)


@pytest.fixture(scope="session")
def live_server(chromium_path, tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_checked() -> set:
    return set()


@pytest.fixture
def axe(axe_checked):
    return AxeChecker(axe_checked)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


class Browsing:
    """Opens browser contexts for one test; checks they only ever asked our server for anything."""

    def __init__(self, browser, server: LiveServer):
        self.browser, self.server = browser, server
        self.contexts, self.pages = [], []
        self.external_requests: list[str] = []
        self.page_errors: list[str] = []

    def new_page(self, *, locale: str = "fr-FR", viewport=None, storage_state=None):
        context = self.browser.new_context(base_url=self.server.url, locale=locale, accept_downloads=True,
                                           viewport=viewport or {"width": 1280, "height": 900},
                                           storage_state=storage_state)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", self._only_ours)
        page = context.new_page()
        # A CSP refusal (inline style or script), a missing file or a script error shows here.
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        self.contexts.append(context)
        self.pages.append(page)
        return page

    def _console(self, page, message) -> None:
        if message.type != "error":
            return
        # A page answered 404 or 422 on purpose says so in the console too: only its resources count.
        if message.text.startswith("Failed to load resource") and message.location.get("url") == page.url:
            return
        self.page_errors.append(f"{page.url}: {message.text} ({message.location.get('url')})")

    def _only_ours(self, route):
        url = route.request.url
        if urlsplit(url).netloc == urlsplit(self.server.url).netloc or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.external_requests.append(url)
            route.abort()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, live_server, request):
    session = Browsing(browser, live_server)
    yield session
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        _screenshots(request.node.name, session.pages)
    session.close()
    assert not session.external_requests, f"pages asked for resources outside Guichet: {session.external_requests}"
    assert not session.page_errors, "errors in the browser console:\n" + "\n".join(session.page_errors)


def _screenshots(test_name: str, pages) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
    for n, page in enumerate(pages):
        if not page.is_closed():
            page.screenshot(path=str(ARTIFACTS / f"{safe}-{n}.png"), full_page=True)


@pytest.fixture
def page(browsing):
    """A page in a French-speaking browser (Accept-Language: fr-FR)."""
    return browsing.new_page()


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
