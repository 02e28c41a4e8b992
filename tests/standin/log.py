"""An append-only log that tests can wait on, with a helpful timeout message."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class WaitableLog(Generic[T]):
    """Items in arrival order; ``wait_for`` returns the first (old or new) item matching."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[T] = []
        self._waiters: list[tuple[Callable[[T], bool], asyncio.Future[T]]] = []

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def append(self, item: T) -> None:
        self.items.append(item)
        still_waiting = []
        for predicate, future in self._waiters:
            if future.done():
                continue
            try:
                matched = predicate(item)
            except Exception as exc:  # a broken predicate should fail the test, loudly
                future.set_exception(exc)
                continue
            if matched:
                future.set_result(item)
            else:
                still_waiting.append((predicate, future))
        self._waiters = still_waiting

    def find(self, predicate: Callable[[T], bool]) -> list[T]:
        return [item for item in self.items if predicate(item)]

    async def wait_for(
        self,
        predicate: Callable[[T], bool],
        timeout: float = 5.0,
        *,
        since: int = 0,
        what: str = "a matching item",
    ) -> T:
        """The first item from index ``since`` on matching ``predicate``; waits ``timeout`` s."""
        for item in self.items[since:]:
            if predicate(item):
                return item
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, future))
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            recent = "\n  ".join(repr(item)[:300] for item in self.items[-8:]) or "(nothing)"
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what} in the {self.name} log; "
                f"last items:\n  {recent}"
            ) from None
