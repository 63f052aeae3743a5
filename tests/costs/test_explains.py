"""Issue 15: the cost workspace explains itself — one sign rule in every difference column, the
terms explained where they appear, exact sums in the 合計 rows, errors only after input and once."""

from __future__ import annotations

import re

from tests.costs.factories import build_costs
from tests.factories import login


def _client(app, user: str = "facilitator"):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, user)
    return client


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_every_difference_column_says_plus_means_paying_more(app, world):
    cw = build_costs(app, world)
    page = _client(app, "observer").get(f"/items/{cw.item_id}/costs").get_data(as_text=True)
    text = _text(page)
    assert text.count("均等割との差(+は負担増)") == 3  # one row per member
    assert text.count("単独との差(+は負担増)") == 3
    assert "節減額" not in text and "正なら節減" not in text
    # Equal split: 中土佐町 pays 4,000,000 against 3,600,000 alone, i.e. 400,000 more: "+".
    # 須崎市 pays 4,000,000 against 7,000,000 alone: 3,000,000 less, "−".
    assert "+400,000円" in text and "−3,000,000円" in text
    assert "+3,000,000円" not in text  # the old "saving" sign is gone


def test_terms_are_explained_next_to_where_they_appear(app, world):
    cw = build_costs(app, world)
    page = _client(app).get(f"/items/{cw.item_id}/costs").get_data(as_text=True)
    for term in ("SCRBとは", "シャープレイ値とは", "仁とは"):  # next to the buttons that add them
        assert f"<summary>{term}</summary>" in page
    badge = page.index("⚠ コア違反</span>")  # the equal split charges 中土佐町 above its quote
    assert page.index("<summary>コア違反とは</summary>", badge) - badge < 200
    shapley = page.index('id="cand-' + str(cw.candidate_ids["シャープレイ値"]))
    assert "<summary>シャープレイ値とは</summary>" in page[shapley : shapley + 2000]
    form = _client(app).get(f"/items/{cw.item_id}/costs/candidates/new?method=nucleolus")
    assert "<summary>仁とは</summary>" in form.get_data(as_text=True)


def test_weights_total_row_shows_the_exact_sum(app, world):
    cw = build_costs(app, world)
    client = _client(app)
    edit = client.get(f"/cost-candidates/{cw.candidate_ids['組合せ']}/edit").get_data(as_text=True)
    total = re.search(rf'<span id="wsum-{cw.category_id}"[^>]*>(.*?)</span>', edit, re.S)
    assert total and total.group(1).strip() == "100%"
    # 0.1 + 0.2 + 99.7 is 100 exactly (a float sum would not be); the preview swaps it in.
    weights = {f"w-{cw.category_id}-equal": "0.1", f"w-{cw.category_id}-population": "0.2"}
    weights[f"w-{cw.category_id}-users"] = "99.7"
    preview = client.get(
        f"/items/{cw.item_id}/costs/preview",
        query_string={"method": "mix", "remainder_rule": "lead", **weights},
    ).get_data(as_text=True)
    swapped = re.search(
        rf'<span id="wsum-{cw.category_id}"[^>]*hx-swap-oob[^>]*>(.*?)</span>', preview
    )
    assert swapped and swapped.group(1).strip() == "100%"
    weights[f"w-{cw.category_id}-users"] = "40"
    off = client.get(
        f"/items/{cw.item_id}/costs/preview",
        query_string={"method": "mix", "remainder_rule": "lead", **weights},
    ).get_data(as_text=True)
    assert "40.3%" in off and "100%にしてください" in off


def test_no_error_before_anything_is_typed(app, world):
    cw = build_costs(app, world)
    client = _client(app)
    blank = {f"w-{cw.category_id}-{k}": "" for k in ("equal", "population", "users")}
    for method, extra in (("mix", blank), ("proportional", {"indicator": ""}), ("manual", {})):
        form = client.get(f"/items/{cw.item_id}/costs/candidates/new?method={method}")
        assert 'class="error"' not in form.get_data(as_text=True)
        assert 'class="form-error"' not in form.get_data(as_text=True)
        preview = client.get(
            f"/items/{cw.item_id}/costs/preview",
            query_string={"method": method, "remainder_rule": "lead", "name": "", **extra},
        ).get_data(as_text=True)
        assert "計算できません" not in preview and "入力すると" in preview
    typed = client.get(
        f"/items/{cw.item_id}/costs/preview",
        query_string={
            "method": "mix",
            "remainder_rule": "lead",
            **blank,
            f"w-{cw.category_id}-equal": "30",
        },
    ).get_data(as_text=True)
    assert "重みの合計が100%になっていません(現在 30%)" in typed


def test_a_refused_save_shows_its_error_once(app, world):
    cw = build_costs(app, world, quotes=False)
    client = _client(app)
    url = f"/items/{cw.item_id}/costs/candidates/new"
    page = client.post(url, data={"name": "S", "method": "shapley", "remainder_rule": "lead"})
    html = page.get_data(as_text=True)
    # Once in the error summary atop the form (issue 16), once at its place, never more.
    summary, _, rest = html.partition('<div class="error-summary"')[2].partition("</div>")
    assert summary.count("単独の見積がないため") == 1 and rest.count("単独の見積がないため") == 1
    # The preview does not recompute on load (it would repeat the message) until the next edit.
    assert 'hx-trigger="input delay:300ms, change"' in html
    weights = {f"w-{cw.category_id}-equal": "10", f"w-{cw.category_id}-population": "45"}
    weights[f"w-{cw.category_id}-users"] = "40"
    mix = client.post(url, data={"name": "M", "method": "mix", "remainder_rule": "lead", **weights})
    html = mix.get_data(as_text=True)
    summary, _, rest = html.partition('<div class="error-summary"')[2].partition("</div>")
    # The grid's messages are in the summary too, linked to where they are shown.
    assert summary.count("重みの合計が100%になっていません") == 1
    assert rest.count("重みの合計が100%になっていません") == 1
    assert f'href="#w-{cw.category_id}-error"' in summary
    assert f'id="w-{cw.category_id}-error"' in rest


def test_a_grid_input_message_is_linked_from_the_error_summary(app, world):
    """A bad number in a cost grid: the summary names the cell and links to its input."""
    cw = build_costs(app, world, quotes=False)
    client = _client(app)
    url = f"/items/{cw.item_id}/costs/candidates/new"
    name = f"w-{cw.category_id}-equal"
    data = {"name": "M", "method": "mix", "remainder_rule": "lead", name: "abc"}
    html = client.post(url, data=data).get_data(as_text=True)
    summary = html.partition('<div class="error-summary"')[2].partition("</div>")[0]
    link = summary.partition(f'<a href="#{name}">')[2].partition("</a>")[0]
    assert link.startswith("均等割 ") and ":" in link, summary
    assert f'aria-describedby="{name}-error"' in html


def test_excel_comparison_uses_the_same_sign(app, world):
    import io

    from openpyxl import load_workbook

    cw = build_costs(app, world)
    data = _client(app).get(f"/items/{cw.item_id}/costs/comparison.xlsx").data
    rows = [list(r) for s in load_workbook(io.BytesIO(data)).worksheets for r in s.values]
    header = next(r for r in rows if "単独との差(円・+は負担増)" in r)
    column = header.index("単独との差(円・+は負担増)")
    nakatosa = next(r for r in rows if r[0] and "中土佐町" in str(r[0]) and len(r) > column)
    assert nakatosa[column] == 400_000  # equal split: 4,000,000 against 3,600,000 alone
