"""A seeded corpus of hostile and broken scenario inputs (issue 14), and a classifier.

Every case is a mutation of a packaged scenario (whatever :func:`ripeness.packaged_scenarios`
returns when the corpus is built, so the corpus follows the scenarios as they change), or a
``--set`` abuse on one. Classes:

- ``nonfinite``: a number replaced by ``.nan``, ``.inf``, ``1e999`` ...;
- ``loose``: a number replaced by a boolean, a string, a list; colliding keys ``1`` / ``'1'``;
  all-zero weights; a ``timeline`` path that names no field;
- ``tags``: YAML tags outside the core schema (``!!python/...``, ``!!binary``, ``!foo``,
  ``%TAG``) and core tags on text that does not fit them (``!!float abc``);
- ``structure``: deep nesting, aliases that expand into millions of nodes, several documents,
  invalid dates, lone surrogates, duplicate keys, broken syntax;
- ``semantic``: missing fields, unknown fields and references, wrong block types, a war block
  over the joint-outcome limit;
- ``set``: ``--set`` values and paths that are not YAML scalars, not finite, or name nothing.

Every case must be refused: non-zero exit, a ``file:line:col: field: message`` line (or, for
``--set``, a message naming the option), no traceback, within seconds.

Run ``python tests/scenario/fuzz_corpus.py`` to print the counts (tried / refused cleanly /
refused without location / tracebacks / hangs / wrongly accepted) for the ``ripeness`` on
``PYTHONPATH``.
"""

from __future__ import annotations

import io
import random
import re
import signal
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

SEED = 14
#: Seconds after which a case counts as a hang (the classifier's alarm).
HANG_SECONDS = 20.0


@dataclass(frozen=True)
class Case:
    """One hostile input.

    Attributes
    ----------
    id : str
        ``class/scenario/what``.
    kind : str
        The class (module docstring).
    text : str or None
        The file content; None runs the packaged scenario itself (``--set`` cases).
    scenario : str
        The packaged scenario mutated.
    sets : tuple of str
        ``--set`` arguments.
    line : int or None
        The line a problem must name (None: any line >= 1; 0: an unlocated problem is fine).
    expect : str or None
        A word the messages must contain (case-insensitive).
    command : str
        ``validate`` or ``analyze``.
    """

    id: str
    kind: str
    text: str | None
    scenario: str
    sets: tuple[str, ...] = ()
    line: int | None = None
    expect: str | None = None
    command: str = "validate"


def _text(name: str) -> str:
    from ripeness.scenario import packaged_text

    text = packaged_text(name)
    assert text is not None, name
    return text


#: Cases of the case library mutated beside the packaged scenarios (an electorate and
#: referendum case, and an armistice), to bound the corpus as the library grows.
CASE_SAMPLE = ("colombia-2016-08", "korea-1953-07")


def _rt() -> YAML:
    y = YAML(typ="rt")
    y.width = 4096
    return y


def _rt_load(text: str) -> Any:
    return _rt().load(text)


def _rt_dump(data: Any) -> str:
    buf = io.StringIO()
    _rt().dump(data, buf)
    return buf.getvalue()


# --- the leaves of a scenario, with their positions --------------------------------------------

Leaf = tuple[tuple[Any, ...], Any, int, int]  # path, value, 0-based line, 0-based column

_SKIP = {"metadata", "issues", "flags"}  # free data, option ids, booleans


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[Leaf]:
    if isinstance(node, CommentedMap):
        for k, v in node.items():
            if not path and k in _SKIP:
                continue
            if isinstance(v, CommentedMap | CommentedSeq):
                yield from _leaves(v, (*path, k))
            else:
                line, col = node.lc.value(k)
                yield (*path, k), v, line, col
    elif isinstance(node, CommentedSeq):
        for i, v in enumerate(node):
            if isinstance(v, CommentedMap | CommentedSeq):
                yield from _leaves(v, (*path, i))
            else:
                line, col = node.lc.item(i)
                yield (*path, i), v, line, col


def _numbers(data: Any) -> list[Leaf]:
    return [
        leaf
        for leaf in _leaves(data)
        if isinstance(leaf[1], int | float) and not isinstance(leaf[1], bool)
    ]


def _strings(data: Any) -> list[Leaf]:
    return [leaf for leaf in _leaves(data) if isinstance(leaf[1], str)]


_NUMBER = re.compile(r"[-+]?[0-9.][0-9._eE+-]*")


def _replace(text: str, line: int, col: int, new: str) -> str:
    """Replace the plain number token at (line, col) (0-based) by ``new``."""
    lines = text.split("\n")
    row = lines[line]
    m = _NUMBER.match(row, col)
    assert m, (row, col)
    lines[line] = row[:col] + new + row[m.end() :]
    return "\n".join(lines)


def _insert(text: str, line: int, col: int, new: str) -> str:
    lines = text.split("\n")
    lines[line] = lines[line][:col] + new + lines[line][col:]
    return "\n".join(lines)


# --- the classes ----------------------------------------------------------------------------------

NONFINITE = [".nan", ".NaN", ".inf", "-.inf", ".Inf", "+.inf", "1e999", "-1e400", "1" + "0" * 400]
LOOSE = ["true", "false", "'3'", '"0.5"', "yes", "abc", "[1]", "{}", "!!str 7", "'nan'", "0x"]
TAGS = [
    "!!python/object/apply:os.system ",
    "!!python/name:os.system ",
    "!!python/tuple ",
    "!!binary ",
    "!foo ",
    "!<tag:example.com,2000:x> ",
    "!!timestamp ",
    "!!set ",
    "!!omap ",
    "!!pairs ",
]
BAD_CORE = ["!!float abc", "!!int 1.5", "!!int xyz", "!!bool maybe", "!!null 3", "!!float .nanx"]


def _nonfinite(name: str, text: str, data: Any, rng: random.Random) -> Iterator[Case]:
    for path, _v, line, col in _numbers(data):
        bad = rng.choice(NONFINITE)
        yield Case(
            f"nonfinite/{name}/{'.'.join(map(str, path))}={bad[:8]}",
            "nonfinite",
            _replace(text, line, col, bad),
            name,
            line=line + 1,
        )


def _loose(name: str, text: str, data: Any, rng: random.Random) -> Iterator[Case]:
    for path, _v, line, col in _numbers(data):
        bad = rng.choice(LOOSE)
        yield Case(
            f"loose/{name}/{'.'.join(map(str, path))}={bad}",
            "loose",
            _replace(text, line, col, bad),
            name,
            line=line + 1,
        )
    # keys 1 and '1' collide once read as text
    lines = text.split("\n")
    for i, row in enumerate(lines):
        if row.startswith("sources:") and row.strip() == "sources:":
            nxt = next(r for r in lines[i + 1 :] if r.strip() and not r.lstrip().startswith("#"))
            ind = " " * (len(nxt) - len(nxt.lstrip()))
            new = [*lines[: i + 1], f"{ind}1: {{title: one}}", f"{ind}'1': {{title: uno}}"]
            yield Case(
                f"loose/{name}/colliding-keys",
                "loose",
                "\n".join([*new, *lines[i + 1 :]]),
                name,
                line=i + 3,
                expect="duplicate",
            )
            break
    # all-zero weights for a utility with neither bundles nor like
    for aid, u in (data.get("utilities") or {}).items():
        if isinstance(u, dict) and u.get("weights") and "like" not in u and not u.get("bundles"):
            d = _rt_load(text)
            for k in d["utilities"][aid]["weights"]:
                d["utilities"][aid]["weights"][k] = 0
            yield Case(
                f"loose/{name}/zero-weights-{aid}", "loose", _rt_dump(d), name, expect="weights"
            )
    # a timeline path that names no field
    if data.get("timeline"):
        d = _rt_load(text)
        d["timeline"][0]["set"]["war.no_such_field"] = 1
        yield Case(
            f"loose/{name}/timeline-path", "loose", _rt_dump(d), name, expect="no_such_field"
        )


def _tags(name: str, text: str, data: Any, rng: random.Random) -> Iterator[Case]:
    numbers, strings = _numbers(data), _strings(data)
    for tag in TAGS:
        for path, _v, line, col in rng.sample(numbers, 2) + rng.sample(strings, 2):
            yield Case(
                f"tags/{name}/{tag.strip()}@{'.'.join(map(str, path))}",
                "tags",
                _insert(text, line, col, tag),
                name,
                line=line + 1,
            )
    for bad in BAD_CORE:
        path, _v, line, col = rng.choice(numbers)
        yield Case(
            f"tags/{name}/{bad}@{'.'.join(map(str, path))}",
            "tags",
            _replace(text, line, col, bad),
            name,
            line=line + 1,
        )
    path, _v, line, col = rng.choice(strings)
    tagged = _insert(text, line, col, "!e!thing ")
    yield Case(
        f"tags/{name}/%TAG",
        "tags",
        "%TAG !e! tag:example.com,2000:\n---\n" + tagged,
        name,
        line=None,
    )
    yield Case(
        f"tags/{name}/%YAML-1.1", "tags", "%YAML 1.1\n---\n" + text, name, line=None, expect="YAML"
    )


def _nest(depth: int, flow: str) -> str:
    if flow == "[":
        return "[" * depth + "1" + "]" * depth
    return "{a: " * depth + "1" + "}" * depth


def _set_line(text: str, key: str, value: str) -> str:
    """Set a top-level ``key: value`` line (added on top when the key is absent)."""
    out, n = re.subn(rf"(?m)^{key}:.*$", lambda _m: f"{key}: {value}", text, count=1)
    return out if n else f"{key}: {value}\n{text}"


def _structure(name: str, text: str, data: Any, rng: random.Random) -> Iterator[Case]:
    numbers = _numbers(data)
    for depth in (200, 600, 1500, 5000, 30000):
        for flow in "[{":
            _path, _v, line, col = rng.choice(numbers)
            yield Case(
                f"structure/{name}/nest-{flow}{depth}",
                "structure",
                _replace(text, line, col, _nest(depth, flow)),
                name,
                line=line + 1,
            )
    block = "metadata_deep:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(700)) + "  x\n"
    yield Case(f"structure/{name}/block-nest", "structure", text + "\n" + block, name)
    laughs = ["metadata_lol:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        laughs.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    yield Case(
        f"structure/{name}/billion-laughs",
        "structure",
        text + "\n" + "\n".join(laughs) + "\n",
        name,
        expect="nodes",
    )
    yield Case(f"structure/{name}/two-documents", "structure", text + "\n---\nx: 1\n", name)
    yield Case(f"structure/{name}/duplicate-root", "structure", text + "\nscenario: again\n", name)
    yield Case(f"structure/{name}/unclosed-flow", "structure", text + "\nbad: {a: [1, 2\n", name)
    yield Case(f"structure/{name}/undefined-alias", "structure", text + "\nbad: *nowhere\n", name)
    yield Case(f"structure/{name}/complex-key", "structure", text + "\n? [a, b]\n: 1\n", name)
    yield Case(f"structure/{name}/tab-indent", "structure", text + "\nbad:\n\t- 1\n", name)
    yield Case(f"structure/{name}/scalar-root", "structure", "42\n", name)
    yield Case(f"structure/{name}/list-root", "structure", "- " + name + "\n", name)
    yield Case(f"structure/{name}/empty", "structure", "", name, line=0)
    yield Case(f"structure/{name}/comments-only", "structure", "# nothing\n", name, line=0)
    yield Case(
        f"structure/{name}/bad-date",
        "structure",
        _set_line(text, "as_of", "2024-02-30"),
        name,
    )
    for what in ("title", "scenario"):
        sub = _set_line(text, what, '"A\\ud800B"')
        if sub != text:
            yield Case(
                f"structure/{name}/surrogate-{what}", "structure", sub, name, command="analyze"
            )
    sub = _set_line(text, "title", '"\\udfff"')
    yield Case(f"structure/{name}/surrogate-validate", "structure", sub, name)
    yield Case(
        f"structure/{name}/nul-in-text",
        "structure",
        text.replace("scenario: ", "scenario: a\x00b", 1),
        name,
    )


def _semantic(name: str, text: str, data: Any, rng: random.Random) -> Iterator[Case]:
    for key in ("scenario", "parties", "actors", "issues", "utilities"):
        d = _rt_load(text)
        del d[key]
        yield Case(f"semantic/{name}/missing-{key}", "semantic", _rt_dump(d), name, expect=key)
    # an unknown field in random mappings (not free data)
    maps: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, CommentedMap):
            if path[:1] not in (("metadata",),):
                maps.append(path)
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, CommentedSeq):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(data, ())
    for path in rng.sample(maps, min(25, len(maps))):
        d = _rt_load(text)
        node = d
        for p in path:
            node = node[p]
        node["bogus_field"] = 1
        yield Case(
            f"semantic/{name}/bogus@{'.'.join(map(str, path)) or 'root'}",
            "semantic",
            _rt_dump(d),
            name,
        )
    # a block where a value belongs, a value where a block belongs
    for key in ("war", "actors", "issues", "commitment", "electorates", "rules"):
        if key in data:
            d = _rt_load(text)
            d[key] = 5
            yield Case(f"semantic/{name}/{key}=5", "semantic", _rt_dump(d), name, expect=key)
    # broken references
    d = _rt_load(text)
    first = next(iter(d["actors"]))
    d["actors"][first]["party"] = "nobody"
    yield Case(f"semantic/{name}/unknown-party", "semantic", _rt_dump(d), name, expect="nobody")
    for path, v, line, col in _strings(data):
        if path[-1] in ("source", "obstacle") and path[0] != "sources":
            lines = text.split("\n")
            row = lines[line]
            end = col + len(str(v)) + (2 if row[col] in "\"'" else 0)
            lines[line] = row[:col] + "nowhere-id" + row[end:]
            yield Case(
                f"semantic/{name}/unknown-{path[-1]}@{'.'.join(map(str, path))}",
                "semantic",
                "\n".join(lines),
                name,
                line=line + 1,
                expect="nowhere-id",
            )
            if rng.random() < 0.7:
                break
    # more joint war outcomes than the model evaluates (2 ** 21 > 2,000,000)
    if "war" in data:
        d = _rt_load(text)
        for k in range(21):
            d["issues"][f"front{k}"] = {"options": ["x", "y"], "no_deal": "x", "war": ["x", "y"]}
            d["war"].setdefault("control", {})[f"front{k}"] = {"intercept": 0.0}
            for u in d["utilities"].values():
                if "weights" in u:
                    u["weights"][f"front{k}"] = 0
        yield Case(f"semantic/{name}/joint-outcomes", "semantic", _rt_dump(d), name, expect="joint")
    # values out of range
    if "war" in data:
        d = _rt_load(text)
        d["war"]["horizon_months"] = -3
        yield Case(f"semantic/{name}/negative-horizon", "semantic", _rt_dump(d), name)


SET_ABUSES = [
    "x=[1",
    "x=!foo bar",
    "x=*a",
    "x=&a 1",
    "x={a: 1}",
    "x=[1, 2]",
    "x=!!python/object/apply:os.system [ls]",
    "x=!!binary aGk=",
    "x=!!float abc",
    "x=%TAG",
    "war.military_balance=.inf",
    "war.military_balance=-.inf",
    "war.military_balance=.nan",
    "war.military_balance=1e999",
    "war.military_balance=true",
    "war.military_balance='3'",
    "war.military_balance=abc",
    "war.horizon_months=0",
    "war.horizon_months=null",
    "war=1",
    "war.control=7",
    "war.nope=1",
    "nope=1",
    "nope.deeper.still=1",
    "__class__=1",
    "__class__.__init__=1",
    "actors.__dict__=1",
    ".=1",
    "..=1",
    "=1",
    "a..b=1",
    "war..military_balance=1",
    "rules.99.name=x",
    "rules.-99.name=x",
    "rules.x.name=x",
    "timeline.0.set.war.military_balance=.nan",
    "scenario=[]",
    "scenario=",
    "title={}",
    "issues=",
    "actors=null",
    "batna.nobody=1",
    "commitment.nobody.breach=0.5",
    "electorates.nobody.mu=1",
    "war.cost_per_month.nobody=1",
    "utilities.nobody.weights.x=1",
    "a." * 4000 + "b=1",
    "x" * 100_000 + "=1",
    "x=" + "[" * 5000,
    "x=" + "{a: " * 3000 + "1" + "}" * 3000,
    "x=\ud800",
    "x=1\n---\n2",
    "x=0x",
    "x=1:2:3:x",
    "flags.nope=1",
]


def _sets(name: str, data: Any) -> Iterator[Case]:
    for s in SET_ABUSES:
        path = s.split("=", 1)[0]
        yield Case(
            f"set/{name}/{s[:40]!r}",
            "set",
            None,
            name,
            sets=(s,),
            line=0,
            expect=None if len(path) > 60 or not path else path[:30],
            command="analyze",
        )
    if "war" not in data:
        return
    for s in ("war.military_balance=.nan", "war.horizon_months='24'"):
        yield Case(f"set/{name}/with-file/{s}", "set", _text(name), name, sets=(s,), line=0)


def corpus(seed: int = SEED) -> list[Case]:
    """Every case, for every packaged scenario and a sample of the case library (deterministic
    for a seed)."""
    import ripeness

    rng = random.Random(seed)
    cases: list[Case] = []
    names = ripeness.packaged_scenarios("scenarios")
    names += [c for c in CASE_SAMPLE if c in ripeness.packaged_scenarios("cases")]
    for name in names:
        text = _text(name)
        data = _rt_load(text)
        for gen in (_nonfinite, _loose, _tags, _structure, _semantic):
            cases.extend(gen(name, text, data, rng))
        cases.extend(_sets(name, data))
    return cases


def quick(cases: list[Case], seed: int = SEED, per_kind: int = 70) -> list[Case]:
    """A fixed sample of ``per_kind`` cases of each class (the default test suite's share)."""
    rng = random.Random(seed + 1)
    out = []
    for kind in sorted({c.kind for c in cases}):
        of_kind = [c for c in cases if c.kind == kind]
        out.extend(of_kind if len(of_kind) <= per_kind else rng.sample(of_kind, per_kind))
    return out


# --- running a case ---------------------------------------------------------------------------

_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:\n]*): ", re.M)


@dataclass(frozen=True)
class Outcome:
    """What the command line did with a case: ``refused`` (cleanly), ``unlocated`` (refused,
    but no ``file:line:col`` line, or not the expected one), ``traceback``, ``hang``,
    ``accepted``."""

    status: str
    seconds: float
    exit_code: int | None
    output: str


class _Hang(BaseException):
    pass


def _alarm(_sig: int, _frame: Any) -> None:
    raise _Hang


def _invoke(args: list[str]) -> tuple[int | None, str, BaseException | None]:
    from typer.testing import CliRunner

    from ripeness.cli import app

    r = CliRunner().invoke(app, args)
    if isinstance(r.exception, _Hang):
        raise _Hang
    exc = r.exception if not isinstance(r.exception, SystemExit) else None
    return r.exit_code, r.output, exc


def run_case(case: Case, workdir: Path | None = None, hang: float = HANG_SECONDS) -> Outcome:
    """Run a case through the CLI in-process (typer's CliRunner) and classify the result."""
    tmp = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory()
        workdir = Path(tmp.name)
    target = case.scenario
    if case.text is not None:
        path = workdir / "case.yaml"
        path.write_bytes(case.text.encode("utf-8", "surrogatepass"))
        target = str(path)
    args = [case.command, target]
    for s in case.sets:
        args += ["--set", s]
    if case.command == "analyze":
        args.append("--json")
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, hang)
    start = time.perf_counter()
    try:
        code, output, exc = _invoke(args)
        if code == 0 and case.command == "validate":  # accepted: does analysing it crash?
            code2, output2, exc2 = _invoke(["analyze", target, "--json"])
            if exc2 is not None:
                code, output, exc = code2, output2, exc2
    except _Hang:
        return Outcome("hang", time.perf_counter() - start, None, "")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if tmp is not None:
            tmp.cleanup()
    seconds = time.perf_counter() - start
    if exc is not None or "Traceback" in output:
        return Outcome("traceback", seconds, code, f"{output}\n{type(exc).__name__}: {exc}")
    if code == 0:
        return Outcome("accepted", seconds, code, output)
    return Outcome(_refusal(case, output), seconds, code, output)


def _refusal(case: Case, output: str) -> str:
    """``refused`` when the output has the located line the case asks for, else ``unlocated``."""
    if case.expect is not None and case.expect.lower() not in output.lower():
        return "unlocated"
    if case.kind == "set":
        return "refused" if "--set" in output else "unlocated"
    lines = [int(m["line"]) for m in _LOCATED.finditer(output)]
    if case.line == 0:
        return "refused" if lines or output.strip() else "unlocated"
    if not lines or max(lines) < 1:
        return "unlocated"
    if case.line is not None and case.line not in lines:
        return "unlocated"
    return "refused"


def measure(cases: list[Case]) -> dict[str, Any]:
    """Counts of every outcome, overall and per class; the slowest case."""
    counts: dict[str, dict[str, int]] = {}
    slowest = (0.0, "")
    examples: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            o = run_case(case, Path(tmp))
            row = counts.setdefault(case.kind, {})
            row[o.status] = row.get(o.status, 0) + 1
            if o.seconds > slowest[0]:
                slowest = (o.seconds, case.id)
            if o.status != "refused":
                examples.setdefault(o.status, []).append(f"{case.id}: {o.output[-200:]!r}")
    return {"counts": counts, "slowest": slowest, "examples": examples}


def main() -> None:  # pragma: no cover - a measuring script
    import argparse
    import json

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--examples", type=int, default=3, help="failures shown per outcome")
    p.add_argument("--kind", default=None, help="only this class")
    args = p.parse_args()
    cases = [c for c in corpus(args.seed) if args.kind in (None, c.kind)]
    start = time.perf_counter()
    r = measure(cases)
    total: dict[str, int] = {}
    for row in r["counts"].values():
        for k, v in row.items():
            total[k] = total.get(k, 0) + v
    print(f"tried {len(cases)} cases in {time.perf_counter() - start:.0f} s")
    for kind, row in sorted(r["counts"].items()):
        print(f"  {kind:10s} {json.dumps(row)}")
    print("  total      " + json.dumps(total))
    print(f"slowest: {r['slowest'][0]:.2f} s ({r['slowest'][1]})")
    for status, ex in r["examples"].items():
        print(f"-- {status} ({len(ex)}):")
        for line in ex[: args.examples]:
            print("   " + line)


if __name__ == "__main__":
    main()
