"""The memory budget: sizes, the environment variable, the context."""

from __future__ import annotations

import pytest

from ripeness.memory import DEFAULT_MEMORY, ENV, MIN_MEMORY, memory_budget, memory_limit, parse_size


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1G", 1 << 30),
        ("512M", 512 << 20),
        ("512m", 512 << 20),
        ("2.5GB", int(2.5 * (1 << 30))),
        ("300MiB", 300 << 20),
        (" 1t ", 1 << 40),
        ("268435456", 1 << 28),
        (1 << 30, 1 << 30),
    ],
)
def test_sizes(text, want):
    assert parse_size(text) == want


@pytest.mark.parametrize("text", ["", "lots", "1X", "-1G", "1G2", "nan", True, float("inf"), "1M"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(ValueError, match="memory budget"):
        parse_size(text)


def test_budget_from_context_then_environment_then_default(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert memory_budget() == DEFAULT_MEMORY == 1 << 30
    monkeypatch.setenv(ENV, "300M")
    assert memory_budget() == 300 << 20
    with memory_limit("2G") as b:
        assert b == memory_budget() == 2 << 30
        with memory_limit(None) as inner:
            assert inner == 2 << 30
    assert memory_budget() == 300 << 20
    monkeypatch.setenv(ENV, "a lot")
    with pytest.raises(ValueError, match=f"\\${ENV}"):
        memory_budget()
    monkeypatch.setenv(ENV, "1M")
    with pytest.raises(ValueError, match=f"at least {MIN_MEMORY >> 20} MiB"):
        memory_budget()
