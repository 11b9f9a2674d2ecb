"""Ledger tests write only to a temporary folder (never the user's data directory)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ripeness


@pytest.fixture(autouse=True)
def _no_user_ledger(tmp_path, monkeypatch):
    monkeypatch.setenv("RIPENESS_LEDGER", str(tmp_path / "default-ledger.duckdb"))


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "ledger.duckdb"


@pytest.fixture(scope="module")
def toy() -> ripeness.Scenario:
    return ripeness.load("toy")
