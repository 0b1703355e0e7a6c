"""Sessions built in code, for tests that need a shape no demo has (a map of a thousand)."""

from __future__ import annotations

from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder


def big_map(n: int = 1_000) -> Session:
    """n post-its in 12 clusters, one in ten without a position, each with one relation."""
    clusters = [Cluster(id=f"cl_{i}", name=f"Cluster {i}") for i in range(12)]
    people = [Stakeholder(id=f"sh_{i}", name=f"Belanghebbende {i} wijkteam",
                          kind=("person", "organisation", "group")[i % 3], cluster=f"cl_{i % 12}",
                          influence=1 + i % 5,
                          **({"x": (i % 40) * 260.0, "y": (i // 40) * 150.0} if i % 10 else {}))
              for i in range(n)]
    relations = [Relation(source=f"sh_{i}", target=f"sh_{(i * 31 + 7) % n}", directed=i % 2 == 0)
                 for i in range(n) if (i * 31 + 7) % n != i]
    return Session(meta=Meta(title="Groot"), clusters=clusters, stakeholders=people, relations=relations)
