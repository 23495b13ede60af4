"""Disjoint sets: the one union-find behind copy groups, entity merges and story components.

Which root survives a union decides what a group is named after (the earliest publication,
the smallest key, the original of a copy), so that rule is the caller's, given as `order`.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

Item = TypeVar("Item", bound=Hashable)


class UnionFind(Generic[Item]):
    """Groups of items joined pairwise.

    With `order`, the root whose key is smaller survives a union (independent of the order of
    the unions); without it, the root of `union`'s second argument does (a copy joins its original).
    """

    def __init__(self, items: Iterable[Item] = (), order: Callable[[Item], Any] | None = None) -> None:
        self.parent: dict[Item, Item] = {item: item for item in items}
        self.order = order

    def find(self, item: Item) -> Item:
        parent = self.parent
        parent.setdefault(item, item)
        root = item
        while parent[root] != root:
            root = parent[root]
        while item != root:  # path compression: the next find is one step
            parent[item], item = root, parent[item]
        return root

    def union(self, a: Item, b: Item) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        if self.order is not None and self.order(root_a) < self.order(root_b):
            root_a, root_b = root_b, root_a
        self.parent[root_a] = root_b

    def roots(self) -> dict[Item, Item]:
        """Every item seen -> the root of its group."""
        return {item: self.find(item) for item in list(self.parent)}
