"""The code's shape, held: no extension imports another (what they share is in
bot/utils/), and no module grows past 500 lines."""

from __future__ import annotations

import ast

from helpers.paths import REPO

BOT = REPO / "bot"


def test_no_extension_imports_another():
    found = []
    for path in sorted((BOT / "exts").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = "." * node.level + (node.module or "")
                if target.startswith("bot.exts") or (node.level == 1 and target != "."):
                    found.append(f"{path.name}: from {target} import ...")
                if node.level == 1 and node.module is None:
                    found.append(f"{path.name}: from . import ...")
    assert found == []


def test_no_module_over_500_lines():
    long = {
        str(path.relative_to(BOT)): n
        for path in BOT.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
