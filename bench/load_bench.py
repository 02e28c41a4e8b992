"""Load benchmark of the Discord bot: N ``/ask`` interactions through the Discord
stand-in (tests/standin) on 127.0.0.1, answered by a real ``crisisbot run`` process.

Run from the repository root::

    python bench/load_bench.py                    # 2000 at 300/s, then 2000 with 200 in flight
    python bench/load_bench.py -n 5000 -c 500 -r 500
    python bench/load_bench.py --quick            # smoke run (60 + 60 interactions)
    python bench/load_bench.py --nice -10 --wait-quiet 120   # on a shared machine
    python bench/load_bench.py --profile bot.svg  # py-spy flame graph of the bot

What it does:

1. starts the stand-in in this process and ``python -m bot run`` (the shipped pack,
   a fresh SQLite store, the default 5 s per-member cooldown) in a child process
   pointed at it through ``CRISISBOT_DISCORD_API``; the child is pinned to one CPU
   core (``sched_setaffinity`` before it starts), this process to the others, so the
   figures are "on one core" and the stand-in does not compete with the bot; a small
   wrapper times the child's garbage collections (``gc.callbacks``);
2. warms up with ``--warmup`` interactions (not counted in the figures);
3. latency phase, open loop: N interactions arriving at ``--rate`` per second
   (Poisson arrivals, seeded), whether or not earlier ones were answered, as users do;
4. capacity phase, closed loop: N more, keeping ``--concurrency`` in flight (a new one
   is dispatched as soon as one is answered). Its latency is in-flight / rate (Little's
   law), so the latency target is judged on the open-loop phase;
5. each interaction comes from a different member (the cooldown never refuses one),
   its question drawn in a fixed random order from the evaluation questions
   (tests/eval/*.yaml: paraphrases, typos, off-topic chat); it is lost if its
   callback does not arrive within ``--timeout`` s; a grace period at the end catches
   late duplicates.

It reports, per phase: sent, answered (a successful callback), lost, answered twice
(over all phases: a second callback, which Discord refuses with 400), other REST
errors; latency from dispatch (before the stand-in writes INTERACTION_CREATE to the
socket) to the callback arriving at the stand-in, p50/p99/max; interactions per
second (answered / time from the first dispatch to the last callback); the bot's CPU
time per interaction and how busy its core was (/proc/<pid>/stat), this process's
CPU and the rest of the machine's (/proc/stat: on a shared machine, timing figures
are only meaningful when that is low); the bot's RSS before the load and its peak
(VmHWM, and ru_maxrss after it exits); its GC runs and the longest (CPU time); the
bot's event-loop callbacks that ran over 10 ms, and this process's own loop stalls
over 10 ms (a 1 ms timer running late: this process does not collect garbage during
the measured phases, but the machine can still take its core), and how long the
bot's threads were ready to run but waited for their core (/proc schedstat), so a
slow p99 can be told apart: the bot's work, or a busy machine; what the replies were (cited answer,
did-you-mean, not found, cooldown).

Targets (PASS/FAIL): none lost or answered twice; >= 300 interactions/s (capacity
phase) with p99 < 50 ms (at the offered rate) on loopback. Exit status 1 if any
interaction was lost or answered twice (timing targets only print FAIL; ``--strict``
fails on them too).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import gc
import json
import os
import platform
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the stand-in package

from standin import DiscordStandin  # noqa: E402
from standin.records import Request  # noqa: E402

from bot.core.evaluation import read_questions  # noqa: E402

TARGET_RATE = 300.0  # interactions per second
TARGET_P99_MS = 50.0
EPHEMERAL = 1 << 6
CALLBACK_PREFIX = "/interactions/"


# --------------------------------------------------------------------------- the bot process


def pick_cores() -> tuple[set[int] | None, set[int] | None]:
    """(the bot's core, the driver's cores); None where pinning is not possible."""
    if not hasattr(os, "sched_getaffinity"):
        return None, None
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return {cores[0]}, None  # one core: both share it (reported)
    return {cores[-1]}, set(cores[:-1])


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of ``pid`` in KiB (empty if /proc is not there)."""
    found = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    return found


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far (0.0 without /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def proc_queued_seconds(pid: int) -> float:
    """Time ``pid``'s threads spent runnable but waiting for a core so far
    (/proc/<pid>/task/*/schedstat, second field; 0.0 where the kernel lacks it):
    time the bot was ready to answer while something else had its core."""
    total = 0
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return 0.0
    for task in tasks:
        try:
            total += int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


# `python -m bot run ...`, timing the garbage collector's pauses (gc.callbacks); the
# figures are written to argv[1] when the bot exits.
GC_WATCH = """
import atexit, gc, json, os, runpy, sys, time
out, sys.argv = sys.argv[1], ["bot", *sys.argv[2:]]
pauses, started = {0: [], 1: [], 2: []}, [0.0, 0.0]
def watch(phase, info):
    if phase == "start":
        started[:] = time.monotonic(), time.thread_time()
    else:
        wall, cpu = time.monotonic() - started[0], time.thread_time() - started[1]
        pauses[info["generation"]].append((started[0], wall, cpu, info["collected"]))
gc.callbacks.append(watch)
# Event-loop callbacks that held the bot's loop for over SLOW seconds: [start, wall].
import asyncio.events
SLOW, slow, run_handle = 0.010, [], asyncio.events.Handle._run
def timed_run(handle):
    start = time.monotonic()
    try:
        return run_handle(handle)
    finally:
        if time.monotonic() - start > SLOW:
            slow.append((start, time.monotonic() - start))
asyncio.events.Handle._run = timed_run
atexit.register(lambda: open(out, "w").write(json.dumps({**pauses, "slow": slow})))
if os.environ.get("LOAD_BENCH_NO_FREEZE"):  # --no-freeze: as before gc.freeze()
    import bot.discord_bot
    bot.discord_bot.freeze_long_lived = lambda: None
runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""


def gc_pauses(path: Path) -> tuple[dict[int, list[list[float]]], list[list[float]]]:
    """The bot's GC pauses by generation: [start, wall seconds, CPU seconds] (start on
    time.monotonic(), the same clock in every process; the CPU time is not inflated
    when other processes take the core), and its loop's callbacks over 10 ms: [start,
    wall seconds]; empty if it left no record."""
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}, []
    slow = record.pop("slow", [])
    return {int(k): v for k, v in record.items()}, slow


def _repeats(questions: list[str], start: int, count: int) -> float:
    """The share of questions[start:start+count] already asked earlier in the list."""
    seen = set(questions[:start])
    repeated = 0
    for question in questions[start : start + count]:
        repeated += question in seen
        seen.add(question)
    return repeated / max(count, 1)


async def start_bot(
    standin: DiscordStandin,
    workdir: Path,
    core: set[int] | None,
    *,
    no_freeze: bool = False,
    nice: int = 0,
):
    env = dict(
        os.environ,
        DISCORD_TOKEN=standin.token,
        CRISISBOT_DISCORD_API=standin.api_base,
        CRISISBOT_DB=str(workdir / "crisisbot.sqlite3"),
        CRISISBOT_HEARTBEAT_FILE=str(workdir / "heartbeat"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("DISCORD_TOKEN_FILE", None)
    env.pop("CRISISBOT_DEV_GUILD", None)
    if no_freeze:
        env["LOAD_BENCH_NO_FREEZE"] = "1"
    log = open(workdir / "bot.log", "wb")  # noqa: SIM115 (closed by the caller)

    def pin() -> None:  # in the child, before exec: every thread it starts inherits it
        if core is not None:
            os.sched_setaffinity(0, core)
        if nice:
            os.setpriority(os.PRIO_PROCESS, 0, nice)

    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        GC_WATCH,
        str(workdir / "gc.json"),
        "run",
        "--kb",
        str(REPO / "knowledge"),
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=log,
        preexec_fn=pin,
    )
    return proc, log


async def bot_ready(log: Path, proc: asyncio.subprocess.Process, timeout: float) -> None:
    """Until the bot logs that it is ready (its on_ready ran)."""
    deadline = time.monotonic() + timeout
    while b"Ready as " not in log.read_bytes():
        if proc.returncode is not None or time.monotonic() > deadline:
            raise AssertionError("the bot did not log 'Ready as ...'")
        await asyncio.sleep(0.05)


async def start_profiler(pid: int, out: str) -> asyncio.subprocess.Process:
    """py-spy sampling the bot during the measured phases (``pip install py-spy``);
    ``out`` ending in .svg is a flame graph, anything else collapsed stacks (text)."""
    fmt = "flamegraph" if out.endswith(".svg") else "raw"
    if shutil.which("py-spy") is None:
        raise SystemExit("--profile needs py-spy: pip install py-spy")
    profiler = await asyncio.create_subprocess_exec(
        "py-spy",
        "record",
        "--pid",
        str(pid),
        "--rate",
        "500",
        "--format",
        fmt,
        "-o",
        out,
        stdout=asyncio.subprocess.DEVNULL,
    )
    await asyncio.sleep(1.0)  # py-spy attaches
    return profiler


# --------------------------------------------------------------------------- driving


@dataclass
class Run:
    dispatched: dict[int, float] = field(default_factory=dict)  # interaction id -> time
    answered_at: dict[int, float] = field(default_factory=dict)  # first 200 callback
    waiting: dict[int, asyncio.Future[float]] = field(default_factory=dict)
    first_dispatch: float = 0.0


def watch_callbacks(standin: DiscordStandin, runs: list[Run]) -> None:
    """Resolve an interaction's future when its first successful callback arrives."""
    append = standin.requests.append

    def on_request(req: Request) -> None:
        append(req)
        if req.status != 200 or not req.path.startswith(CALLBACK_PREFIX):
            return
        iid = int(req.path.split("/")[2])
        for run in runs:
            if iid in run.dispatched and iid not in run.answered_at:
                run.answered_at[iid] = req.time
                future = run.waiting.pop(iid, None)
                if future is not None and not future.done():
                    future.set_result(req.time)

    standin.requests.append = on_request  # type: ignore[method-assign]


async def _one(standin: DiscordStandin, run: Run, question: str, user: str, timeout: float) -> None:
    """Dispatch one /ask and wait (up to ``timeout``) for its callback."""
    future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    started = time.monotonic()
    if not run.first_dispatch:
        run.first_dispatch = started
    interaction = await standin.dispatch_slash(
        "ask", {"question": question}, user=user, channel="general"
    )
    # dispatch_slash returns right after writing the frame, without giving the loop a
    # turn, so the callback (handled by this process's loop) cannot have arrived yet.
    run.dispatched[interaction.id] = started
    run.waiting[interaction.id] = future
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(future, timeout)
    run.waiting.pop(interaction.id, None)


async def drive_window(
    standin: DiscordStandin,
    run: Run,
    questions: list[str],
    users: list[str],
    *,
    concurrency: int,
    timeout: float,
) -> None:
    """Closed loop: keep ``concurrency`` interactions in flight until all are sent."""
    slots = asyncio.Semaphore(concurrency)

    async def one(question: str, user: str) -> None:
        try:
            await _one(standin, run, question, user, timeout)
        finally:
            slots.release()

    tasks = []
    for question, user in zip(questions, users, strict=True):
        await slots.acquire()
        tasks.append(asyncio.create_task(one(question, user)))
    await asyncio.gather(*tasks)


async def drive_rate(
    standin: DiscordStandin,
    run: Run,
    questions: list[str],
    users: list[str],
    *,
    rate: float,
    seed: int,
    timeout: float,
) -> None:
    """Open loop: interactions arrive at ``rate`` per second on average (Poisson
    arrivals, seeded), whether or not earlier ones were answered, as users do."""
    rng = random.Random(seed)
    loop = asyncio.get_running_loop()
    due = loop.time()
    tasks = []
    for question, user in zip(questions, users, strict=True):
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_one(standin, run, question, user, timeout)))
        due += rng.expovariate(rate)
    await asyncio.gather(*tasks)


# --------------------------------------------------------------------------- the report


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def classify(standin: DiscordStandin, ids: set[int]) -> collections.Counter[str]:
    mix: collections.Counter[str] = collections.Counter()
    for sent in standin.sent:
        if sent.interaction_id not in ids or sent.kind != "callback":
            continue
        # Answers carry buttons too ("Sources disagree", "Read next"): a "did you mean"
        # is one whose buttons pick a suggestion.
        if any(b.get("custom_id", "").startswith("crisisbot:pick:") for b in sent.buttons):
            mix["did you mean"] += 1
        elif sent.embeds:
            mix["cited answer"] += 1
        elif "ask again in" in sent.content:
            mix["cooldown refusal"] += 1
        elif sent.ephemeral:
            mix["not found"] += 1
        else:
            mix["other"] += 1
    return mix


def callback_counts(standin: DiscordStandin, ids: set[int]) -> tuple[int, int]:
    """(interactions with more than one successful-or-refused callback, other errors)."""
    per_interaction: collections.Counter[int] = collections.Counter()
    errors = 0
    for req in standin.requests:
        if not req.path.startswith(CALLBACK_PREFIX):
            if req.status >= 400:
                errors += 1
            continue
        iid = int(req.path.split("/")[2])
        if iid not in ids:
            continue
        if req.status == 200 or (req.status == 400 and "acknowledged" in str(req.response)):
            per_interaction[iid] += 1
        elif req.status >= 400:
            errors += 1
    return sum(1 for n in per_interaction.values() if n > 1), errors


# --------------------------------------------------------------------------- main


def machine_busy_seconds() -> float:
    """CPU seconds all processes on the machine have used so far (from /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def self_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Phase:
    """The figures of one phase."""

    name: str
    run: Run
    sent: int
    bot_cpu: float = 0.0
    bot_queued: float = 0.0  # runnable, waiting for its core
    driver_cpu: float = 0.0
    machine_cpu: float = 0.0
    end: float = 0.0

    @property
    def answered(self) -> int:
        return len(set(self.run.dispatched) & set(self.run.answered_at))

    @property
    def latencies_ms(self) -> list[float]:
        run = self.run
        return sorted(
            (run.answered_at[i] - t) * 1000
            for i, t in run.dispatched.items()
            if i in run.answered_at
        )

    @property
    def elapsed(self) -> float:
        return self.end - self.run.first_dispatch

    @property
    def rate(self) -> float:
        return self.answered / self.elapsed if self.elapsed > 0 else float("nan")

    def share(self, seconds: float) -> str:
        return f"{seconds / self.elapsed * 100:.0f} %" if self.elapsed > 0 else "-"


async def measured(proc: asyncio.subprocess.Process, phase: Phase, work: Awaitable[None]) -> Phase:
    bot0, self0, all0 = proc_cpu_seconds(proc.pid), self_cpu_seconds(), machine_busy_seconds()
    queued0 = proc_queued_seconds(proc.pid)
    await work
    phase.end = max(phase.run.answered_at.values(), default=time.monotonic())
    phase.bot_cpu = proc_cpu_seconds(proc.pid) - bot0
    phase.bot_queued = proc_queued_seconds(proc.pid) - queued0
    phase.driver_cpu = self_cpu_seconds() - self0
    phase.machine_cpu = machine_busy_seconds() - all0
    return phase


async def watch_own_loop(stalls: list[list[float]], every: float = 0.001) -> None:
    """Record when this process's loop (the driver and the stand-in) could not run a
    1 ms timer for over 10 ms: [start, wall]. Such a stall delays dispatches and
    the stand-in's reading of callbacks alike; if it coincides with the bot's slow
    answers, the machine, not the bot, was busy."""
    loop = asyncio.get_running_loop()
    while True:
        before = loop.time()
        await asyncio.sleep(every)
        late = loop.time() - before - every
        if late > 0.010:
            stalls.append([time.monotonic() - late, late])


async def wait_quiet(limit: float, within: float) -> float:
    """Wait (up to ``within`` seconds) until the rest of the machine uses less than
    ``limit`` of a core over one second; returns the last second's load."""
    deadline = time.monotonic() + within
    while True:
        before, own = machine_busy_seconds(), self_cpu_seconds()
        await asyncio.sleep(1.0)
        load = machine_busy_seconds() - before - (self_cpu_seconds() - own)
        if load < limit or time.monotonic() >= deadline:
            return load


async def bench(args: argparse.Namespace) -> int:
    if args.wait_quiet:
        load = await wait_quiet(0.25, args.wait_quiet)
        print(f"(other processes used {load:.0%} of a core in the second before the start)")
    bot_core, driver_cores = pick_cores()
    if driver_cores is not None:
        os.sched_setaffinity(0, driver_cores)
    if args.nice:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)
    pool = [q.question for q in read_questions(REPO / "tests" / "eval")]
    rng = random.Random(args.seed)
    questions = [rng.choice(pool) for _ in range(args.warmup + 2 * args.n)]

    standin = await DiscordStandin().start()
    users = [standin.add_user(f"member{i}").name for i in range(len(questions))]
    workdir = Path(tempfile.mkdtemp(prefix="crisisbot-load-"))
    proc, log = await start_bot(
        standin, workdir, bot_core, no_freeze=args.no_freeze, nice=args.nice
    )
    warm_slice = slice(0, args.warmup)
    rate_slice = slice(args.warmup, args.warmup + args.n)
    window_slice = slice(args.warmup + args.n, None)
    try:
        try:
            await standin.wait_ready(timeout=60)
            # The bot's on_ready comes later (discord.py waits for the guilds to
            # stream in); start-up work done then must not land in the figures.
            await bot_ready(workdir / "bot.log", proc, timeout=60)
        except AssertionError:
            log.flush()
            sys.stderr.write((workdir / "bot.log").read_text()[-4000:])
            sys.stderr.write(f"\n(the bot's log: {workdir / 'bot.log'})\n")
            raise
        warm = Phase("warm-up", Run(), args.warmup)
        at_rate = Phase(f"at {args.rate:.0f}/s", Run(), args.n)
        window = Phase(f"{args.concurrency} in flight", Run(), args.n)
        watch_callbacks(standin, [warm.run, at_rate.run, window.run])
        await drive_window(
            standin,
            warm.run,
            questions[warm_slice],
            users[warm_slice],
            concurrency=min(args.concurrency, 20),
            timeout=args.timeout,
        )
        rss_before = proc_status(proc.pid).get("VmRSS", 0)
        driver_stalls: list[list[float]] = []
        watcher = asyncio.create_task(watch_own_loop(driver_stalls))
        # The stand-in keeps a record of every frame and request; full collections
        # of this process over that record stalled its loop for 70-220 ms, delaying
        # the reading of callbacks: the instrument's pauses, not the bot's. So this
        # process collects before the measured phases and not during them.
        gc.collect()
        gc.freeze()
        gc.disable()
        profiler = await start_profiler(proc.pid, args.profile) if args.profile else None
        await measured(
            proc,
            at_rate,
            drive_rate(
                standin,
                at_rate.run,
                questions[rate_slice],
                users[rate_slice],
                rate=args.rate,
                seed=args.seed,
                timeout=args.timeout,
            ),
        )
        await measured(
            proc,
            window,
            drive_window(
                standin,
                window.run,
                questions[window_slice],
                users[window_slice],
                concurrency=args.concurrency,
                timeout=args.timeout,
            ),
        )
        watcher.cancel()
        gc.enable()
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)
            await profiler.wait()
        await asyncio.sleep(args.grace)  # late duplicates, if any, arrive now
        hwm = proc_status(proc.pid).get("VmHWM", 0)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        log.close()
        await standin.stop()
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    pauses, slow_callbacks = gc_pauses(workdir / "gc.json")
    shutil.rmtree(workdir, ignore_errors=True)

    phases = [at_rate, window]
    all_ids = set(warm.run.dispatched) | set(at_rate.run.dispatched) | set(window.run.dispatched)
    twice, errors = callback_counts(standin, all_ids)
    lost = sum(p.sent - p.answered for p in (warm, *phases))
    ok_correct = lost == 0 and twice == 0
    p99_at_rate = percentile(at_rate.latencies_ms, 99)
    ok_p99 = p99_at_rate < TARGET_P99_MS
    ok_rate = window.rate >= TARGET_RATE and at_rate.rate >= 0.9 * args.rate
    mix = classify(standin, all_ids)

    pinned = f"pinned to core {sorted(bot_core)[0]}" if bot_core else "not pinned"
    print(
        f"crisisbot load benchmark: {args.warmup} warm-up, then {args.n} /ask interactions "
        f"arriving at {args.rate:.0f}/s (Poisson), then {args.n} with {args.concurrency} "
        "in flight"
    )
    print(
        f"bot: `crisisbot run` in a child process ({pinned}), shipped pack, SQLite store; "
        "stand-in and driver in this process"
        + (f" (cores {sorted(driver_cores)})" if driver_cores else "")
    )
    print(
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"questions drawn from {len(pool)} evaluation questions, seed {args.seed} "
        f"({_repeats(questions, args.warmup, args.n):.0%} of the 300/s phase's questions were "
        "asked before in the run: the engine answers those from its recent answers)"
        + (f", bot and driver at nice {args.nice}" if args.nice else "")
        + (", bot WITHOUT gc.freeze" if args.no_freeze else "")
    )
    print()
    header = f"| {'metric':<36} | " + " | ".join(f"{p.name:>16}" for p in phases)
    print(header + f" | {'target':<22} |")
    print("| " + "-" * 36 + " | " + " | ".join("-" * 16 for _ in phases) + " | " + "-" * 22 + " |")

    def line(name: str, values: list[str], target: str = "") -> None:
        print(f"| {name:<36} | " + " | ".join(f"{v:>16}" for v in values) + f" | {target:<22} |")

    line("sent", [str(p.sent) for p in phases])
    line("answered (exactly once)", [str(p.answered) for p in phases])
    line("lost", [str(p.sent - p.answered) for p in phases], f"0: {_v(ok_correct)}")
    line("answered twice (all phases)", [str(twice), ""], f"0: {_v(ok_correct)}")
    line("other REST errors (all phases)", [str(errors), ""])
    for label, pct in (("p50", 50), ("p99", 99)):
        line(
            f"latency {label}, dispatch -> callback",
            [f"{percentile(p.latencies_ms, pct):.1f} ms" for p in phases],
            f"< {TARGET_P99_MS:.0f} ms at {args.rate:.0f}/s: {_v(ok_p99)}" if pct == 99 else "",
        )
    line("latency max", [f"{max(p.latencies_ms, default=float('nan')):.1f} ms" for p in phases])
    line(
        "interactions per second",
        [f"{p.rate:.0f}/s" for p in phases],
        f">= {TARGET_RATE:.0f}/s: {_v(ok_rate)}",
    )
    line("wall time", [f"{p.elapsed:.2f} s" for p in phases])
    line(
        "bot CPU per interaction",
        [f"{p.bot_cpu / max(p.answered, 1) * 1000:.2f} ms" for p in phases],
    )
    line("bot CPU busy (its one core)", [p.share(p.bot_cpu) for p in phases])
    line("bot waiting for its core (a core)", [p.share(p.bot_queued) for p in phases])
    line("driver + stand-in CPU (a core)", [p.share(p.driver_cpu) for p in phases])
    line(
        "other processes' CPU (a core)",
        [p.share(max(0.0, p.machine_cpu - p.bot_cpu - p.driver_cpu)) for p in phases],
    )
    line("bot RSS before the load", [f"{rss_before / 1024:.1f} MiB", ""])
    line("bot peak RSS (VmHWM)", [f"{hwm / 1024:.1f} MiB", ""])
    line("bot peak RSS (ru_maxrss at exit)", [f"{maxrss / 1024:.1f} MiB", ""])
    for name, spans in (
        ("bot loop: callbacks >10 ms", slow_callbacks),
        ("driver loop: stalls >10 ms", driver_stalls),
    ):
        cells = []
        for phase in phases:
            during = [s for s in spans if phase.run.first_dispatch <= s[0] <= phase.end]
            longest = max((span[1] for span in during), default=0.0)
            cells.append(f"{len(during)}, {longest * 1000:.1f} ms")
        line(name + " (n, max)", cells)
    for gen, times in sorted(pauses.items()):
        cells = []
        for phase in phases:
            during = [p for p in times if phase.run.first_dispatch <= p[0] <= phase.end]
            longest = max((pause[2] for pause in during), default=0.0)
            cells.append(f"{len(during)}, {longest * 1000:.1f} ms")
        line(f"bot GC gen {gen}: runs, longest (CPU)", cells)
    for kind, count in sorted(mix.items(), key=lambda kv: -kv[1]):
        line(f"replies, all phases: {kind}", [str(count), ""])
    print()
    if args.latencies:
        with open(args.latencies, "w") as out:
            out.write("phase,dispatched_s,latency_ms\n")
            for phase in phases:
                for iid, started in sorted(phase.run.dispatched.items(), key=lambda kv: kv[1]):
                    if iid in phase.run.answered_at:
                        latency = (phase.run.answered_at[iid] - started) * 1000
                        offset = started - phase.run.first_dispatch
                        out.write(f"{phase.name},{offset:.4f},{latency:.2f}\n")
    print(
        f"(latency with {args.concurrency} in flight is in-flight / rate, Little's law: that "
        "phase measures capacity; the latency target is judged at the offered rate)"
    )
    overall = ok_correct and ok_rate and ok_p99
    print(f"overall: {_v(overall)}")
    if warm.sent != warm.answered:
        print(f"warm-up: {warm.sent - warm.answered} of {warm.sent} interactions lost")
    if not ok_correct or (args.strict and not overall):
        return 1
    return 0


def _v(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="interactions (default 2000)")
    parser.add_argument(
        "-c", "--concurrency", type=int, default=200, help="in flight at once (default 200)"
    )
    parser.add_argument(
        "-r", "--rate", type=float, default=TARGET_RATE, help="arrivals per second (default 300)"
    )
    parser.add_argument("--warmup", type=int, default=100, help="uncounted first interactions")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds before 'lost'")
    parser.add_argument("--grace", type=float, default=0.5, help="wait for late duplicates")
    parser.add_argument("--seed", type=int, default=1996)
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run the bot and the driver at this priority (negative needs root): on a "
        "shared machine, keeps other work from taking the cores mid-run",
    )
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="keep the bot from calling gc.freeze() after loading the pack (to compare)",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="first wait up to this long for the rest of the machine to be idle",
    )
    parser.add_argument(
        "--latencies", metavar="CSV", help="write every interaction's latency to this file"
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="sample the bot with py-spy during the measured phases (.svg: flame graph, "
        "else collapsed stacks)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: -n 60 -c 20 -r 100")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a timing target fails")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.concurrency, args.warmup, args.grace, args.rate = 60, 20, 10, 0.2, 100.0
    return args


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(bench(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
