"""A real headless Chromium (Debian's `chromium`) driven by Playwright, for the page tests.

Every page a test opens records console errors and uncaught page errors; the test fails if any
appears. Screenshots go to tests/artifacts/pages/ (gitignored). Without /usr/bin/chromium the
browser tests are skipped, unless COUNCILKG_TEST_BROWSER=1 (CI), where they fail instead.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts" / "pages"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("COUNCILKG_TEST_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/packages.d/chromium.list)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=60_000)
        yield b
        b.close()


class Tab:
    """One browser page with its console/page errors, a screenshot helper and the server's base URL."""

    def __init__(self, page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
        self.page, self.base, self.name, self.errors = page, base, name, []
        page.on("console", lambda m: self.errors.append(
            f"console {m.type}: {m.text} ({m.location.get('url')}) on {page.url}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e} at {page.url}"))
        page.set_default_timeout(20_000)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base.rstrip("/") + path)
        assert response is not None and response.ok, (path, response and response.status)

    def expect_error(self, fragment: str) -> None:
        """Take back the one console error a test provoked on purpose (e.g. a bad query's 400)."""
        expected = [e for e in self.errors if fragment in e]
        assert len(expected) == 1, (fragment, self.errors)
        self.errors.remove(expected[0])

    def shot(self, step: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def _tab(browser, live_server, request, **context_args) -> Iterator[Tab]:  # type: ignore[no-untyped-def]
    context = browser.new_context(**context_args)
    tab = Tab(context.new_page(), live_server.url, request.node.name)
    yield tab
    context.close()
    assert not tab.errors, "JavaScript errors:\n" + "\n".join(tab.errors)


@pytest.fixture()
def tab(browser, live_server, request) -> Iterator[Tab]:  # type: ignore[no-untyped-def]
    yield from _tab(browser, live_server, request, viewport={"width": 1280, "height": 900})


@pytest.fixture()
def phone(browser, live_server, request) -> Iterator[Tab]:  # type: ignore[no-untyped-def]
    yield from _tab(browser, live_server, request, viewport={"width": 390, "height": 844}, device_scale_factor=2,
                    is_mobile=True, has_touch=True)
