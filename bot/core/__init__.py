"""The plain-Python core: load a pack, match a question, compose a cited answer.

Nothing here imports discord, so the command line, the bot and the tests
share one path.
"""

from .engine import Engine
from .matcher import Matcher
from .pack import (
    MAX_ANSWER_CHARS,
    About,
    Citation,
    Entry,
    Pack,
    PackError,
    Problem,
    Source,
    default_pack_dir,
    load_pack,
    validate_pack,
)
from .render import result_to_json
from .result import MatchResult, Suggestion

__all__ = [
    "MAX_ANSWER_CHARS",
    "About",
    "Citation",
    "Engine",
    "Entry",
    "MatchResult",
    "Matcher",
    "Pack",
    "PackError",
    "Problem",
    "Source",
    "Suggestion",
    "default_pack_dir",
    "load_pack",
    "result_to_json",
    "validate_pack",
]
