"""The engine benchmark still runs: quick settings, one tiny synthetic pack.

No timing assertions: the machines that run the tests are shared and noisy.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys

from helpers.paths import REPO

BENCH = REPO / "bench" / "engine_bench.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("engine_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    return module


def test_quick_run_prints_the_table(capsys, monkeypatch):
    bench = load_bench()
    # Quick mode, made quicker still: the test checks the run, not the numbers.
    smaller = dataclasses.replace(
        bench.QUICK,
        load_runs=1,
        shipped_passes=1,
        shipped_budget_s=0.1,
        synthetic_passes=1,
        synthetic_budget_s=0.1,
        baseline_questions=5,
        baseline_budget_s=0.1,
    )
    monkeypatch.setattr(bench, "QUICK", smaller)
    assert bench.main(["--quick", "--sizes", "200"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("measurement"))
    for column in ("samples", "p50/median", "p99", "maxrss", "target"):
        assert column in header
    for row in (
        "load: load_pack (validation)",
        "load: Engine(pack) (matcher precompute)",
        "ask: shipped pack",
        "baseline: difflib ratio, shipped pack",
        "speed-up vs difflib, shipped pack",
        "build: Engine(pack) 200",
        "ask: synthetic 200",
        "speed-up vs difflib, synthetic 200",
    ):
        assert row in out, row
    assert "PASS" in out or "FAIL" in out
    assert "Traceback" not in out


def test_synthetic_pack_is_deterministic_and_shaped_like_a_pack():
    bench = load_bench()
    a, b = bench.Synthetic(200), bench.Synthetic(200)
    assert list(a.pack.entries.values()) == list(b.pack.entries.values())
    assert len(a.pack.entries) == 200
    variants = [len(e.variants) for e in a.pack.entries.values()]
    assert 3 <= sum(variants) / len(variants) <= 7
    questions = a.questions(50)
    assert any(q.expect is None for q in questions)
    assert any(q.expect in a.pack.entries for q in questions)
