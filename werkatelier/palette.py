"""Cluster colours: the colour-blind-safe palette (Okabe-Ito), each cluster's colour, and label contrast."""

from __future__ import annotations

import math
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


#: How far apart (CIE76 ΔE in CIELAB) a colour offered for a new cluster stays from every colour
#: already on the map, the canvas white and NO_CLUSTER_COLOUR; the palette's closest pair is 26.
MIN_DISTANCE = 20.0
#: Once every palette colour is in use: each palette colour darker, then lighter, mixed this much
#: with black or white. Text on any of them keeps MIN_CONTRAST (text_colour picks black or white).
SHADE, TINT = 0.4, 0.5
CANVAS = "#ffffff"


def _mix(colour: str, toward: str, share: float) -> str:
    a = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    b = (int(toward[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


#: What is offered after PALETTE, in this order, skipping any too close to a colour on the map.
VARIATIONS: tuple[str, ...] = tuple(dict.fromkeys(
    v for v in (*(_mix(c, "#000000", SHADE) for c in PALETTE), *(_mix(c, "#ffffff", TINT) for c in PALETTE))
    if v not in PALETTE))


def _linear(colour: str) -> tuple[float, float, float]:
    """The linear sRGB channels of ``#rrggbb``, 0 to 1."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return r, g, b


def _lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of ``#rrggbb``."""
    r, g, b = _linear(colour)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def distance(a: str, b: str) -> float:
    """How different two colours look: CIE76 ΔE, 0 for the same colour, about 100 for black
    and white.

    >>> distance("#0072b2", "#0072B2"), round(distance("#000000", "#ffffff"))
    (0.0, 100)
    """
    return math.dist(_lab(a.lower()), _lab(b.lower()))


def suggest_colour(used: Iterable[str]) -> str:
    """The colour to offer for a new cluster: the first palette colour not yet used; once all
    are, the first of VARIATIONS that stays MIN_DISTANCE from every colour in use (and from the
    canvas and the no-cluster grey); only when none does, the least used palette colour.

    >>> suggest_colour(["#0072b2"]), suggest_colour(PALETTE)
    ('#e69f00', '#00446b')
    """
    used = [c.lower() for c in used]
    counts = Counter(used)
    free = [c for c in PALETTE if not counts[c]]
    if free:
        return free[0]
    near = [CANVAS, NO_CLUSTER_COLOUR, *counts]
    for colour in VARIATIONS:
        if all(distance(colour, other) >= MIN_DISTANCE for other in near):
            return colour
    return min(PALETTE, key=lambda c: (counts[c], PALETTE.index(c)))


def _luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    r, g, b = _linear(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


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
