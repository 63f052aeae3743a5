"""新旧対照表 of amendment agreements (pure, no app): changed passages marked (傍線)."""

from __future__ import annotations

from negotiator.agreements.amendment_text import comparison_table
from tests.agreements.amendment_samples import NEW, P1, P2, P3, arts, fourth


def marked(segments) -> str:
    """The side as text, changed passages (傍線) in ［］."""
    return "".join(f"［{s.text}］" if s.changed else s.text for s in segments)


def test_table_marks_the_replaced_phrase_only():
    (row,) = comparison_table(fourth(P1, P2), fourth(P1.replace("別表第1", "別表第2"), P2))
    assert (row.new_number, row.old_number, row.renumbered_only) == (4, 4, False)
    assert marked(row.new) == (
        "（経費の負担）\n第4条　甲及び乙は、［別表第2］に定めるところにより経費を負担する。\n2　"
        + P2
    )
    assert marked(row.old) == (
        "（経費の負担）\n第4条　甲及び乙は、［別表第1］に定めるところにより経費を負担する。\n2　"
        + P2
    )


def test_table_of_an_inserted_article_and_those_it_moves():
    rows = comparison_table(arts(5), [*arts(4), NEW, arts(5)[4]])
    added, moved = rows
    assert (
        marked(added.new) == "［（加入）］\n［第5条］　［新たに加入する団体は、協議により定める。］"
    )
    assert added.old == () and added.old_number is None
    assert (moved.new_number, moved.old_number, moved.renumbered_only) == (6, 5, True)
    assert marked(moved.new) == "（見出し5）\n［第6条］　第5条の本文である。"
    assert marked(moved.old) == "（見出し5）\n［第5条］　第5条の本文である。"


def test_table_of_a_removed_article():
    rows = comparison_table(arts(3), [*arts(1), arts(3)[2]])
    removed, moved = rows
    assert removed.new == () and removed.old_number == 2
    assert marked(removed.old) == "［（見出し2）］\n［第2条］　［第2条の本文である。］"
    assert (moved.new_number, moved.old_number) == (2, 3)


def test_table_of_an_inserted_paragraph():
    (row,) = comparison_table(fourth(P1, P3), fourth(P1, P2, P3))
    assert marked(row.new) == f"（経費の負担）\n第4条　{P1}\n［2］　［{P2}］\n［3］　{P3}"
    assert marked(row.old) == f"（経費の負担）\n第4条　{P1}\n［2］　{P3}"


def test_table_of_a_changed_caption_and_a_removed_phrase():
    old = fourth("甲、乙及び丙は、協議する。")
    (row,) = comparison_table(old, fourth("甲及び丙は、協議する。", caption="協議"))
    assert marked(row.new) == "［（協議）］\n第4条　甲及び丙は、協議する。"
    assert marked(row.old) == "［（経費の負担）］\n第4条　甲［、乙］及び丙は、協議する。"
