"""The colour-blind-safe palette clusters take their colours from (Okabe-Ito)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

#: Okabe-Ito: tells clusters apart for the common forms of colour blindness.
PALETTE: tuple[str, ...] = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")


def suggest_colour(used: Iterable[str]) -> str:
    """The colour to offer for a new cluster: the first palette colour not yet used, else the
    least used one.

    >>> suggest_colour(["#0072b2"]), suggest_colour(PALETTE)
    ('#e69f00', '#0072b2')
    """
    counts = Counter(c.lower() for c in used)
    return min(PALETTE, key=lambda c: (counts[c], PALETTE.index(c)))
