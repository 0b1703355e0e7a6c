"""Cluster colours: the colour-blind-safe palette (Okabe-Ito), each cluster's colour, and label contrast."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from werkatelier.model import Cluster, Session

#: Okabe-Ito: tells clusters apart for the common forms of colour blindness.
PALETTE: tuple[str, ...] = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
#: Post-its the team has not put in a cluster yet: a quiet grey that no palette colour resembles.
NO_CLUSTER_COLOUR = "#e4e4e4"
#: WCAG 2 AA for normal text.
MIN_CONTRAST = 4.5


def suggest_colour(used: Iterable[str]) -> str:
    """The colour to offer for a new cluster: the first palette colour not yet used, else the
    least used one.

    >>> suggest_colour(["#0072b2"]), suggest_colour(PALETTE)
    ('#e69f00', '#0072b2')
    """
    counts = Counter(c.lower() for c in used)
    return min(PALETTE, key=lambda c: (counts[c], PALETTE.index(c)))


def _luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21.

    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background``; always at least 4.5:1.

    >>> text_colour("#0072b2"), text_colour("#f0e442")
    ('#ffffff', '#000000')
    """
    return "#000000" if contrast(background, "#000000") >= contrast(background, "#ffffff") else "#ffffff"


def darker(colour: str, factor: float = 0.6) -> str:
    """The colour a post-it's border takes: its fill, darker."""
    r, g, b = (int(int(colour[i:i + 2], 16) * factor) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def cluster_colours(doc: Session) -> dict[str, str]:
    """Each cluster's colour: its own, except that a cluster left at the model's default colour
    while an earlier cluster already shows that colour gets the next free palette colour, so
    clusters nobody coloured still look different.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), clusters=[Cluster(id="a", name="A"), Cluster(id="b", name="B"),
    ...     Cluster(id="c", name="C", colour="#D55E00")])
    >>> cluster_colours(doc)
    {'a': '#0072b2', 'b': '#e69f00', 'c': '#d55e00'}
    """
    default = Cluster.model_fields["colour"].default.lower()
    chosen = {c.colour.lower() for c in doc.clusters if c.colour and c.colour.lower() != default}
    out: dict[str, str] = {}
    for c in doc.clusters:
        colour = (c.colour or "").lower()
        if not colour or (colour == default and colour in out.values()):
            colour = suggest_colour([*chosen, *out.values()])
        out[c.id] = colour
    return out
