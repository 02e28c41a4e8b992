"""Modals in the stand-in: the MODAL callback (type 9) a bot answers an interaction
with, checked the way Discord checks it, and the MODAL_SUBMIT interaction (type 5) a
member's client sends when they fill the form in and press Submit.

Shapes follow Discord's documentation (developers/interactions/receiving-and-responding:
"Modal", "Modal Submit Data Structure"; developers/components/reference: Label,
String Select, Text Input and their "interaction response structures"):

* the callback's ``data`` is ``{custom_id (1-100), title (1-45), components (1-5)}``,
  each component a Label (type 18: ``label`` up to 45, optional ``description`` up to
  100, one ``component``) or, the older way, an action row (type 1) holding one Text
  Input; a String Select (type 3) has 1-25 options, labels and values up to 100; a
  Text Input (type 4) has style 1 or 2 and lengths within 0-4000. Anything else is
  refused with 400 (code 50035, "Invalid Form Body"), as Discord does; a MODAL is
  not a valid answer to a MODAL_SUBMIT or an autocomplete;
* the callback's response carries ``resource: {"type": 9}`` and no message;
* the submission's ``data`` is ``{custom_id, components}``: per Label
  ``{"type": 18, "id", "component": {...}}`` with a select's ``values`` (list) or a
  text input's ``value`` (string); per action row ``{"type": 1, "id", "components":
  [...]}``. A modal opened from a button carries that button's ``message``.
"""

from __future__ import annotations

from typing import Any

from .records import MODAL_SUBMIT, Interaction

LABEL, ACTION_ROW, STRING_SELECT, TEXT_INPUT = 18, 1, 3, 4


def modal_problems(data: dict[str, Any]) -> list[str]:
    """What Discord would refuse in a MODAL callback's ``data`` (empty: accepted)."""
    problems = []
    if not 1 <= len(str(data.get("custom_id") or "")) <= 100:
        problems.append("custom_id must be 1-100 characters")
    if not 1 <= len(str(data.get("title") or "")) <= 45:
        problems.append("title must be 1-45 characters")
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        problems.append("a modal holds 1-5 components")
    for index, component in enumerate(components):
        where = f"components[{index}]"
        if component.get("type") == LABEL:
            if not 1 <= len(str(component.get("label") or "")) <= 45:
                problems.append(f"{where}.label must be 1-45 characters")
            if len(str(component.get("description") or "")) > 100:
                problems.append(f"{where}.description must be at most 100 characters")
            problems += _input_problems(component.get("component") or {}, where + ".component")
        elif component.get("type") == ACTION_ROW:
            inner = component.get("components") or []
            if len(inner) != 1 or inner[0].get("type") != TEXT_INPUT:
                problems.append(f"{where}: an action row in a modal holds one text input")
            else:
                problems += _input_problems(inner[0], where + ".components[0]")
        else:
            problems.append(f"{where}.type {component.get('type')} is not allowed in a modal")
    return problems


def _input_problems(component: dict[str, Any], where: str) -> list[str]:
    problems = []
    if not 1 <= len(str(component.get("custom_id") or "")) <= 100:
        problems.append(f"{where}.custom_id must be 1-100 characters")
    if component.get("type") == STRING_SELECT:
        options = component.get("options") or []
        if not 1 <= len(options) <= 25:
            problems.append(f"{where}: a select has 1-25 options")
        for option in options:
            if not 1 <= len(str(option.get("label") or "")) <= 100:
                problems.append(f"{where}: option labels are 1-100 characters")
            if not 1 <= len(str(option.get("value") or "")) <= 100:
                problems.append(f"{where}: option values are 1-100 characters")
        if component.get("disabled"):
            problems.append(f"{where}: modals cannot have disabled components")
    elif component.get("type") == TEXT_INPUT:
        if component.get("style") not in (1, 2):
            problems.append(f"{where}.style must be 1 or 2")
        low, high = component.get("min_length") or 0, component.get("max_length") or 4000
        if not 0 <= low <= high <= 4000:
            problems.append(f"{where}: lengths must be within 0-4000")
    else:
        problems.append(f"{where}.type {component.get('type')} is not a modal input here")
    return problems


def _inputs(modal: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(top-level type, input component) for every input of a modal."""
    found = []
    for component in modal.get("components") or []:
        if component.get("type") == LABEL:
            found.append((LABEL, component.get("component") or {}))
        else:
            found.extend((ACTION_ROW, inner) for inner in component.get("components") or [])
    return found


def submission(modal: dict[str, Any], values: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``components`` of a MODAL_SUBMIT for ``modal`` filled in with ``values``
    (custom id -> a string for a text input, a list of option values for a select).
    Raises ValueError for what a member's client would not let them submit: a required
    input left empty, an option the select does not offer, a text too short or long."""
    unknown = set(values) - {c.get("custom_id") for _, c in _inputs(modal)}
    if unknown:
        raise ValueError(f"the modal has no input {sorted(unknown)}")
    out: list[dict[str, Any]] = []
    next_id = 1
    for container, component in _inputs(modal):
        custom_id = component["custom_id"]
        answer: dict[str, Any] = {"type": component["type"], "custom_id": custom_id}
        if component["type"] == STRING_SELECT:
            chosen = list(values.get(custom_id) or [])
            offered = {option["value"] for option in component.get("options") or []}
            low = component.get("min_values", 1)
            high = component.get("max_values", 1)
            required = component.get("required", True)
            if any(value not in offered for value in chosen):
                raise ValueError(f"{custom_id}: {chosen} is not among the options {offered}")
            if (chosen or required) and not low <= len(chosen) <= high:
                raise ValueError(f"{custom_id}: pick {low}-{high} options")
            answer["values"] = chosen
        else:
            text = str(values.get(custom_id) or "")
            low = component.get("min_length") or 0
            high = component.get("max_length") or 4000
            if component.get("required", True) and not text:
                raise ValueError(f"{custom_id} is required")
            if text and not low <= len(text) <= high:
                raise ValueError(f"{custom_id}: {len(text)} characters, allowed {low}-{high}")
            answer["value"] = text
        if container == LABEL:
            answer["id"] = next_id + 1
            out.append({"type": LABEL, "id": next_id, "component": answer})
            next_id += 2
        else:
            answer["id"] = next_id + 1
            out.append({"type": ACTION_ROW, "id": next_id, "components": [answer]})
            next_id += 2
    return out


class ModalMixin:
    """``DiscordStandin`` methods for modals (state lives in its ``__init__``)."""

    async def wait_for_modal(self, interaction: Interaction, timeout: float = 5.0) -> dict:
        """The modal the bot answered ``interaction`` with (the callback's ``data``)."""
        await self.wait_for_request(  # type: ignore[attr-defined]
            lambda r: r.path.startswith(f"/interactions/{interaction.id}/") and r.status == 200,
            timeout,
        )
        assert interaction.modal is not None, "the callback was not a modal"
        return interaction.modal

    async def dispatch_modal_submit(
        self,
        opened: Interaction,
        values: dict[str, Any] | None = None,
        *,
        components: list[dict[str, Any]] | None = None,
        user: str | None = None,
    ) -> Interaction:
        """The member who got the modal of ``opened`` fills it in with ``values`` and
        submits it (``components``: send exactly these instead, as a forged payload
        would; ``user``: someone else, which a real client cannot do)."""
        assert opened.modal is not None, "that interaction was not answered with a modal"
        if components is None:
            components = submission(opened.modal, values or {})
        data = {"custom_id": opened.modal["custom_id"], "components": components}
        member = opened.payload["member"]["user"]["id"]
        name = user or next(n for n, u in self.users.items() if str(u.id) == member)  # type: ignore[attr-defined]
        channel = self._channel_by_id(opened.channel_id).name  # type: ignore[attr-defined]
        return await self._dispatch_interaction(  # type: ignore[attr-defined]
            MODAL_SUBMIT,
            data,
            name,
            channel,
            message=opened.payload.get("message"),
            locale=opened.payload.get("locale", "en-US"),  # the same member's client
        )
