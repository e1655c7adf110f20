"""Shared fixtures: copies of the shipped and made-up data, and a minimal data folder.

Every test gets an empty cache of its own (``GAPREPORT_CACHE``), so a test that breaks a step
of the build meets that step for real, not a result cached by an earlier test; and the user's
own cache is never touched.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import CHROMIUM, FLAGS, MINIMAL, RURITANIA, SHIPPED, write_data


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory) -> None:
    """The cache for fixtures shared by many tests (set before any of them runs)."""
    os.environ["GAPREPORT_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "gapreport-cache"
    monkeypatch.setenv("GAPREPORT_CACHE", str(folder))
    return folder


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED, target)
    return target


@pytest.fixture
def ruritania_copy(tmp_path: Path) -> Path:
    target = tmp_path / "ruritania"
    shutil.copytree(RURITANIA, target)
    return target


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return write_data(tmp_path / "data", MINIMAL)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (its own browser download fails on
    these machines), once per test module."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run tests/system-deps.sh")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()
