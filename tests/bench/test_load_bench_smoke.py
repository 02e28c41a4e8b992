"""The load benchmark still runs: ``bench/load_bench.py --quick`` (a real ``crisisbot
run`` process on the stand-in) prints its table and loses no interaction.

No timing assertions: the machines that run the tests are shared and noisy.
"""

from __future__ import annotations

import re
import subprocess
import sys

from helpers.paths import REPO

BENCH = REPO / "bench" / "load_bench.py"


def cells(output: str, metric: str) -> list[str]:
    for line in output.splitlines():
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if parts and parts[0] == metric:
            return parts[1:]
    raise AssertionError(f"no {metric!r} row in:\n{output}")


def test_quick_run_prints_the_table_and_loses_nothing():
    # A subprocess: the benchmark pins itself and its bot to CPU cores.
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "| metric" in out and "overall:" in out
    assert cells(out, "sent")[:2] == ["60", "60"]
    assert cells(out, "answered (exactly once)")[:2] == ["60", "60"]
    assert cells(out, "lost")[:2] == ["0", "0"]
    assert cells(out, "answered twice (all phases)")[0] == "0"
    assert re.search(r"\d+(\.\d+)? ms", cells(out, "latency p99, dispatch -> callback")[0])
    assert cells(out, "bot peak RSS (VmHWM)")[0].endswith("MiB")
