"""Shared fixtures: copies of the shipped and made-up data, and a minimal data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import MINIMAL, RURITANIA, SHIPPED, write_data


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
