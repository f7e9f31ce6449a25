"""One thing the dashboard asks of a member, with its one button."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NextStep:
    """One thing to do: what and why (``text``), and the one button (``action`` to ``url``)."""

    # answer, plan, log, reflect, feedback, messages; first steps: profile, apply, draft,
    # prepare, waiting
    kind: str
    text: str
    action: str
    url: str
