"""The fuzz benchmark (bench/fuzz_bench.py) runs, and a few hundred hostile inputs
through /ask, mentions, channel messages and autocomplete leave no link, invite,
ping or bidi character from member text in anything the bot sent, nothing over
Discord's limits, and no error (the full run is 10,000 inputs; figures in the
README)."""

from __future__ import annotations

import importlib.util
import sys

from helpers.paths import REPO

BENCH = REPO / "bench" / "fuzz_bench.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("fuzz_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


async def test_a_short_fuzz_run_is_clean():
    bench = load_bench()
    report = await bench.fuzz(inputs=400, seed=2, concurrency=8)
    assert report.total == 400 and report.bot_messages > 100
    assert report.problems == []
    assert report.over_limits == []
    assert report.errors == []
