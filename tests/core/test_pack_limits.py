"""What one pack file may cost is bounded before anything is built from it (issue 9,
item 4): a file over the size limit, a YAML alias bomb ("billion laughs") or an alias
inside itself is refused with ``file:line:column: message``, quickly and in little
memory; ``/kb reload`` of such a pack, or of one that fails in any other way, leaves
the old pack answering."""

from __future__ import annotations

import itertools
import resource
from pathlib import Path

import pytest
from helpers.bots import PACK
from helpers.moderation import BEGIN, Clock, ask, at, moderated_bot, run

from bot.cli import main
from bot.core import packfile, validate_pack
from bot.core.packfile import ENV_MAX_FILE_BYTES

LEVELS = "abcdefg"


def alias_bomb(levels: int) -> str:
    """9 ** levels strings from a few hundred bytes, in an entry's variants."""
    lines = ['x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in itertools.pairwise(LEVELS[: levels + 1]):
        lines.append(f"y{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    lines.append(f"entries: [{{id: bomb, variants: *{LEVELS[levels - 1]}}}]")
    return "\n".join(lines) + "\n"


def bomb_pack(tmp_path: Path, text: str) -> Path:
    target = tmp_path / "bombed"
    target.mkdir(parents=True)
    for file in PACK.glob("*.yaml"):
        (target / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    (target / "zz-bomb.yaml").write_text(text, encoding="utf-8")
    return target


@pytest.fixture
async def bot(standin, tmp_path, pack_dir):
    clock = Clock(at("2026-11-25", "08:00"))
    async with moderated_bot(standin, tmp_path / "db.sqlite3", pack_dir, clock) as running:
        yield running


def test_an_alias_bomb_is_refused_at_the_first_shared_value(tmp_path):
    # Five levels (59,049 values from 400 bytes) took seconds before; seven took a
    # minute and 5.8 GB. The check is one pass over the written values.
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pack, problems = validate_pack(bomb_pack(tmp_path, alias_bomb(5)))
    assert pack is None
    [problem] = [p for p in problems if p.file.endswith("zz-bomb.yaml")]
    assert (problem.line, problem.column) == (1, 4)  # the &a list, first reused
    assert "alias bomb" in problem.message
    pack, problems = validate_pack(bomb_pack(tmp_path / "7", alias_bomb(7)))
    assert any("alias bomb" in p.message for p in problems)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert grown_kib < 100_000  # the 7-level bomb would need gigabytes


@pytest.mark.parametrize(
    ("text", "where"),
    [("entries: &a [1, *a]\n", (1, 10)), ("entries:\n- &b {id: x, more: *b}\n", (2, 3))],
)
def test_an_alias_inside_itself_is_refused(tmp_path, text, where):
    _, problems = validate_pack(bomb_pack(tmp_path, text))
    [problem] = [p for p in problems if p.file.endswith("zz-bomb.yaml")]
    assert (problem.line, problem.column) == where and "endless" in problem.message


def test_honest_aliases_still_load(tmp_path):
    shared = (
        "synonyms:\n  - {canonical: alpha, terms: &t [beta, gamma]}\n"
        "  - {canonical: delta, terms: *t}\n"
    )
    problems = validate_pack(bomb_pack(tmp_path, shared))[1]
    assert problems and not [p for p in problems if "alias" in p.message.casefold()]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch, capsys):
    big = "# padding\n" * 300_000  # 3 MB of YAML comments: valid, and slow to parse
    pack, problems = validate_pack(bomb_pack(tmp_path, big))
    [problem] = [p for p in problems if p.file.endswith("zz-bomb.yaml")]
    assert (problem.line, problem.column) == (1, 1)
    assert "2,097,152-byte limit" in problem.message
    # 1,500: the test pack's files together stay under the whole-pack limit (4 x 1,500)
    pack, problems = validate_pack(PACK, max_file_bytes=1500)
    assert pack is None and problems
    assert all("1,500-byte limit for one pack file" in p.message for p in problems)
    assert validate_pack(bomb_pack(tmp_path / "4", big), max_file_bytes=4 * 1024 * 1024)[1] == []
    # The command line takes the limit from the environment (bot/config.py).
    monkeypatch.setenv(ENV_MAX_FILE_BYTES, "1500")
    assert main(["validate", str(PACK)]) == 1
    assert "1,500-byte limit" in capsys.readouterr().out


def test_many_files_under_the_limit_cannot_add_up_past_the_pack_limit(tmp_path):
    target = tmp_path / "many"
    target.mkdir()
    for n in range(5):
        (target / f"part{n}.yaml").write_text("# padding\n" * 50)  # 500 bytes each
    pack, problems = validate_pack(target, max_file_bytes=600)  # a pack may hold 2,400 bytes
    assert pack is None
    assert [p.message for p in problems] == [
        "the pack's files hold 2,500 bytes, over the 2,400-byte limit for a whole pack "
        "(4 x CRISISBOT_MAX_PACK_FILE_BYTES)"
    ]


def test_crisisbot_validate_reports_the_bomb_as_a_line(tmp_path, capsys):
    path = bomb_pack(tmp_path, alias_bomb(6))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr()
    assert f"{path / 'zz-bomb.yaml'}:1:4: YAML aliases here expand" in out.out + out.err
    assert "Traceback" not in out.out + out.err


async def test_kb_reload_of_an_alias_bomb_keeps_the_old_pack(standin, bot, pack_dir):
    (pack_dir / "zz-bomb.yaml").write_text(alias_bomb(7), encoding="utf-8")
    engine = bot.engine
    reply = await run(standin, "kb reload", user="moderator")
    assert reply.ephemeral and "old pack keeps answering" in reply.content
    assert "zz-bomb.yaml:1:4: YAML aliases here expand" in reply.content
    assert bot.engine is engine
    assert (await ask(standin)).embeds[0]["title"] == BEGIN


async def test_kb_reload_that_fails_unexpectedly_keeps_the_old_pack(
    standin, bot, pack_dir, monkeypatch, caplog
):
    def out_of_memory(*args):
        raise MemoryError

    monkeypatch.setattr(packfile, "read_file", out_of_memory)
    engine = bot.engine
    reply = await run(standin, "kb reload", user="moderator")
    assert reply.ephemeral and "old pack keeps answering" in reply.content
    assert "could not read the pack (MemoryError)" in reply.content
    assert "went wrong" not in reply.content
    assert bot.engine is engine
    assert (await ask(standin)).embeds[0]["title"] == BEGIN
    assert not [r for r in caplog.records if r.exc_info]
