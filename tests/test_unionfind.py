from storyline.unionfind import UnionFind


def test_with_an_order_the_smallest_key_names_the_group_whatever_the_union_order():
    for pairs in ([("c", "b"), ("b", "a"), ("d", "e")], [("b", "a"), ("e", "d"), ("c", "b")]):
        groups = UnionFind(order=str)
        for a, b in pairs:
            groups.union(a, b)
        assert groups.roots() == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "d"}


def test_the_order_key_may_differ_from_the_items():
    published = {10: 3, 11: 1, 12: 2}
    groups = UnionFind(order=published.__getitem__)
    groups.union(10, 12)
    groups.union(12, 11)
    assert {groups.find(n) for n in published} == {11}


def test_without_an_order_the_second_arguments_root_survives():
    groups = UnionFind(range(4))
    groups.union(0, 2)  # 0 copies 2
    groups.union(2, 3)  # 2 copies 3
    assert [groups.find(k) for k in range(4)] == [3, 1, 3, 3]


def test_items_given_up_front_stay_alone_until_joined():
    groups = UnionFind(["x", "y"], order=str)
    assert groups.roots() == {"x": "x", "y": "y"}
    assert groups.find("z") == "z" and "z" in groups.roots()
