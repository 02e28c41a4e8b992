"""Reading one YAML file of a pack, keeping the line and column of every value, within
bounds on what a file may cost.

Split from ``pack.py`` (which builds a ``Pack`` from what this returns): this part
knows YAML and files, that part knows what a pack means.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# A pack is read at start-up and on `/kb reload` inside the running bot, so what a file
# may cost is bounded before anything is built from it. The shipped files are under
# 40 KB; a file over the limit is refused unread (a 4 MB file took 27 s and 400 MB to
# validate). YAML aliases can make a 400-byte file expand into billions of values
# ("billion laughs"), which PyYAML builds as shared objects but the checks after it
# walk one by one: the values aliases add are counted first, and a file adding more
# than the budget is refused (honest sharing, e.g. one citation list reused, adds a
# few dozen).
MAX_FILE_BYTES = 2 * 1024 * 1024
ENV_MAX_FILE_BYTES = "CRISISBOT_MAX_PACK_FILE_BYTES"  # named in messages; bot/config.py reads it
# The whole pack, so that many files under the limit cannot add up to the same harm
# (a realistic 1.9 MB file of 2,500 entries validates in about 6 s and 76 MB).
PACK_FILES_FACTOR = 4
ALIAS_BUDGET = 10_000  # values that aliases may add to one file

# libyaml's safe loader when PyYAML was built with it (twice as fast), else the
# pure-Python one; both construct plain data only and report the same marks.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


Location = tuple[int, int]  # 1-based line, column
PathKey = tuple[Any, ...]


class ParsedFile:
    """A file's data plus the line and column of every value and key in it."""

    def __init__(
        self, name: str, data: Any, values: dict[PathKey, Location], keys: dict[PathKey, Location]
    ):
        self.name = name
        self.data = data
        self.values = values
        self.keys = keys

    def at(self, path: PathKey, *, key: bool = False) -> Location:
        """The closest known location for a path (walking up to the parent)."""
        index = self.keys if key else self.values
        path = tuple(path)
        while path:
            if path in index:
                return index[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


def mark(node: yaml.Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


def index_nodes(
    node: yaml.Node, path: PathKey, values: dict, keys: dict, duplicates: list[tuple[Location, str]]
) -> None:
    values[path] = mark(node)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                duplicates.append((mark(key_node), f"duplicate key '{key}'"))
            seen.add(key)
            keys[(*path, key)] = mark(key_node)
            index_nodes(value_node, (*path, key), values, keys, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            index_nodes(item, (*path, i), values, keys, duplicates)


def _alias_excess(root: yaml.Node, budget: int) -> tuple[yaml.Node, str] | None:
    """Where aliases make the document more than ``budget`` values bigger than it is
    written, or refer to a value from inside itself (endless): the first shared node and
    why; else None. Sizes are memoized per node (an alias is the same node object again),
    so this costs one pass over the written nodes however far they would expand."""
    size: dict[int, int] = {}
    parents: dict[int, int] = {}
    shared: list[yaml.Node] = []
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # iterative post-order: block nesting has no depth limit in PyYAML
        node, children_done = stack.pop()
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        if children_done:
            size[id(node)] = 1 + sum(size[id(child)] for child in children)
            open_nodes.discard(id(node))
            continue
        if id(node) in size:
            continue
        if id(node) in open_nodes:
            return node, "a YAML alias here refers to the value it is inside (endless)"
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in children:
            parents[id(child)] = parents.get(id(child), 0) + 1
            if parents[id(child)] == 2:
                shared.append(child)
            if id(child) in open_nodes:
                return child, "a YAML alias here refers to the value it is inside (endless)"
            if id(child) not in size:
                stack.append((child, False))
    if size[id(root)] - len(size) <= budget:
        return None
    first = min(shared, key=lambda n: n.start_mark.index) if shared else root
    return first, (
        f"YAML aliases here expand the file by more than {budget:,} values (an alias "
        "bomb?): write the values out, or reuse them less"
    )


def read_file(
    path: Path, display: str, problems: list[Problem], limit: int = MAX_FILE_BYTES
) -> ParsedFile | None:
    """The file's data with where every value came from, or None after adding to
    ``problems`` why it cannot be read (``limit``: the most bytes read)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # never more, whatever the file has become
        if len(raw) > limit:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    f"file is over the {limit:,}-byte limit for one pack file: split it, or "
                    f"raise {ENV_MAX_FILE_BYTES}",
                )
            )
            return None
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, 1, 1, f"not UTF-8 text ({exc.reason})"))
        return None
    except OSError as exc:
        problems.append(Problem(display, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return None
    loader = _SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is not None and (bomb := _alias_excess(node, ALIAS_BUDGET)) is not None:
            problems.append(Problem(display, *mark(bomb[0]), bomb[1]))
            return None
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        line, column = (where.line + 1, where.column + 1) if where else (1, 1)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}: {what}"
        problems.append(Problem(display, line, column, f"YAML syntax error: {what}"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(display, 1, 1, f"YAML error: {exc}"))
        return None
    finally:
        loader.dispose()
    values: dict[PathKey, Location] = {}
    keys: dict[PathKey, Location] = {}
    duplicates: list[tuple[Location, str]] = []
    if node is not None:
        index_nodes(node, (), values, keys, duplicates)
    for (line, column), message in duplicates:
        problems.append(Problem(display, line, column, message))
    return ParsedFile(display, data, values, keys)
