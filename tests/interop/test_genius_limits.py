"""GENIUS import on large and hostile files: linear time, refused cleanly (issue 14)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ripeness.cli import app
from ripeness.interop import read_genius


def _files(folder: Path, n: int) -> tuple[Path, Path, Path]:
    """A domain of ``n`` two-item issues and two linear profiles (weights 1/n)."""
    issues = "".join(
        f'<issue index="{k}" name="issue {k}" type="discrete" etype="discrete" vtype="discrete">'
        f'<item index="1" value="a"/><item index="2" value="b"/></issue>'
        for k in range(1, n + 1)
    )
    domain = folder / "big.xml"
    domain.write_text(
        f'<?xml version="1.0"?><negotiation_template><utility_space number_of_issues="{n}">'
        f'<objective index="0" etype="objective" type="objective" name="big">{issues}'
        "</objective></utility_space></negotiation_template>",
        encoding="utf-8",
    )
    profiles = []
    for side, (ea, eb) in (("p1", (1, 0)), ("p2", (0, 1))):
        body = "".join(
            f'<issue index="{k}" name="issue {k}" type="discrete"><item index="1" value="a" '
            f'evaluation="{ea}"/><item index="2" value="b" evaluation="{eb}"/></issue>'
            f'<weight index="{k}" value="{1 / n!r}"/>'
            for k in range(1, n + 1)
        )
        p = folder / f"{side}.xml"
        p.write_text(
            f'<?xml version="1.0"?><utility_space><objective index="0" name="big">{body}'
            '</objective><reservation value="0"/></utility_space>',
            encoding="utf-8",
        )
        profiles.append(p)
    return domain, profiles[0], profiles[1]


def test_read_is_linear_in_the_number_of_issues(tmp_path):
    # 30,000 issues took 32 s before (a quadratic duplicate check); loose guard: the machine
    # is shared
    domain, p1, p2 = _files(tmp_path, 30_000)
    start = time.perf_counter()
    data = read_genius(domain, [p1, p2])
    assert time.perf_counter() - start < 10
    assert len(data["issues"]) == 30_000
    assert data["utilities"]["P1.agent"]["values"]["issue_30000"] == {"a": 100, "b": 0}


@pytest.mark.slow
def test_import_refuses_too_many_issues_with_a_message(tmp_path):
    domain, p1, p2 = _files(tmp_path, 30_000)
    out = tmp_path / "big.yaml"
    start = time.perf_counter()
    r = CliRunner().invoke(app, ["import-genius", str(domain), str(p1), str(p2), "-o", str(out)])
    assert time.perf_counter() - start < 30
    assert r.exit_code == 2 and (r.exception is None or isinstance(r.exception, SystemExit))
    assert "more than 500 issues" in r.output
    assert not out.exists() and list(tmp_path.glob(".big.yaml*")) == []
