"""Proposal Markdown renders harmless whatever a liaison types (issue 3, "Rules that must hold")."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from negotiator.negotiation.markdown import render_markdown

ALLOWED_TAGS = {
    "p", "br", "hr", "blockquote", "pre", "code", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "em", "strong", "s", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}


class _Collector(HTMLParser):
    """Collects the elements a browser would build from the output, with decoded attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    assert not collector.comments, html
    return collector.elements


def _url_scheme(url: str) -> str | None:
    """The scheme a browser would see: whitespace/control characters removed, case folded."""
    probe = re.sub(r"[\x00-\x20\x7f]", "", unquote(url)).lower()
    head = re.split(r"[/?#]", probe, maxsplit=1)[0]
    return head.split(":", 1)[0] if ":" in head else None


def assert_harmless(html: str) -> None:
    """Only allowlisted tags, no event handlers or styles, links only to safe schemes."""
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered
    assert "<style" not in lowered
    assert "<img" not in lowered
    assert "<svg" not in lowered
    for tag, attrs in _elements(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            assert name not in {"style", "src", "srcdoc", "class", "id"}, (name, html)
            if name == "href":
                assert _url_scheme(value or "") in SAFE_SCHEMES | {None}, (value, html)
        if tag == "a":
            assert attrs.get("rel") == "noopener noreferrer", html
    assert_no_event_handler_text(html)


def assert_no_event_handler_text(html: str) -> None:
    """No on...= written inside a tag, judged on the raw text rather than on a parser's reading."""
    # Quoted values are blanked first: ' onclick=' inside a title is text, not an attribute.
    for tag_text in re.findall(r"<[a-z](?:[^>\"]|\"[^\"]*\")*>", html, flags=re.IGNORECASE):
        bare = re.sub(r'"[^"]*"', '""', tag_text)
        assert not re.search(r"\son\w+\s*=", bare, flags=re.IGNORECASE), tag_text


HOSTILE = {
    "script block": "<script>alert(1)</script>",
    "script inline": "こんにちは<script>alert(1)</script>世界",
    "script uppercase": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "img onerror": '<img src=x onerror="alert(1)">',
    "img onerror unquoted": "<img src=x onerror=alert(1)//>",
    "svg onload": "<svg onload=alert(1)>",
    "svg nested script": "<svg><script>alert(1)</script></svg>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "style tag": "<style>body{display:none}</style>",
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "html block": '<div onclick="alert(1)">\n\n**bold inside**\n\n</div>',
    "inline html": "text <span onmouseover=alert(1)>hover</span> text",
    "html comment": "<!-- <script>alert(1)</script> -->",
    "comment hiding tag": "a <!--><img src=x onerror=alert(1)>--> b",
    "object": '<object data="javascript:alert(1)"></object>',
    "form": '<form action="javascript:alert(1)"><button>x</button></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base": '<base href="javascript:alert(1)//">',
    "link javascript": "[click](javascript:alert(1))",
    "link javascript mixed case": "[click](JaVaScRiPt:alert(1))",
    "link javascript tab entity": "[click](jav&#x09;ascript:alert(1))",
    "link javascript newline entity": "[click](jav&#x0A;ascript:alert(1))",
    "link javascript decimal entities": "[click](&#106;&#97;vascript:alert(1))",
    "link javascript colon entity": "[click](javascript&colon;alert(1))",
    "link javascript percent": "[click](java%09script:alert(1))",
    "link javascript leading space": "[click](<  javascript:alert(1)>)",
    "link javascript in angle brackets": "[click](<javascript:alert(1)>)",
    "link vbscript": "[click](vbscript:msgbox(1))",
    "link data html": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "link data image": "[click](data:image/png;base64,iVBORw0KGgo=)",
    "link file": "[click](file:///etc/passwd)",
    "autolink javascript": "<javascript:alert(1)>",
    "autolink data": "<data:text/html,<script>alert(1)</script>>",
    "autolink mixed case": "<JAVASCRIPT:alert(1)>",
    "reference link javascript": "[click][x]\n\n[x]: javascript:alert(1)",
    "reference link data": "[click][x]\n\n[x]: data:text/html,hi 'title'",
    "reference link entity": "[click][x]\n\n[x]: &#x6A;avascript:alert(1)",
    "image javascript": "![alt](javascript:alert(1))",
    "image data": "![alt](data:image/svg+xml,<svg onload=alert(1)>)",
    "image external": '![logo](http://evil.example/track.png "t")',
    "image onerror in alt": '![x" onerror="alert(1)](http://evil.example/a.png)',
    "image inside link": "[![a](http://evil.example/a.png)](https://example.jp)",
    "title with quotes": '[x](https://example.jp "a\\" onmouseover=\\"alert(1)")',
    "title with single quotes": "[x](https://example.jp 'a\\' onfocus=alert(1) autofocus x=\\'')",
    "title parenthesised": '[x](https://example.jp (a" onclick="alert(1)))',
    "attribute breakout in href": '[x](https://example.jp/"onmouseover="alert(1))',
    "code span": "`<script>alert(1)</script>`",
    "fenced code": "```html\n<script>alert(1)</script>\n```",
    "table cell html": "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "blockquote html": "> <iframe src=//evil.example></iframe>",
    "entity encoded tag": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "null byte": "<scr\x00ipt>alert(1)</script>",
    "math tag": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
}


@pytest.mark.parametrize("payload", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_renders_harmless(payload: str) -> None:
    assert_harmless(str(render_markdown(payload)))


@pytest.mark.parametrize("payload", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_inside_list_and_quote_renders_harmless(payload: str) -> None:
    # Container blocks switch the parser into other states; the payload must stay inert there too.
    assert_harmless(str(render_markdown(f"- item\n\n  {payload}\n\n> {payload}\n")))


def test_raw_html_is_shown_as_text() -> None:
    html = render_markdown("<script>alert(1)</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_rejected_link_keeps_its_text_but_is_not_a_link() -> None:
    html = render_markdown("[押してください](javascript:alert(1))")
    assert "<a" not in html
    assert "押してください" in html


def test_images_become_links_and_are_never_fetched() -> None:
    html = render_markdown('![構成図](http://files.example.lg.jp/zu.png "図1")')
    assert "<img" not in html
    [(tag, attrs)] = _elements(html)[1:]
    assert tag == "a"
    assert attrs["href"] == "http://files.example.lg.jp/zu.png"
    assert attrs["title"] == "図1"
    assert "構成図</a>" in html


def test_image_inside_link_leaves_only_its_alt_text() -> None:
    html = render_markdown("[![ロゴ](http://files.example.lg.jp/logo.png)](https://example.jp)")
    assert [tag for tag, _ in _elements(html)] == ["p", "a"]
    assert ">ロゴ</a>" in html


def test_returns_markup() -> None:
    assert isinstance(render_markdown("x"), Markup)
    assert render_markdown("") == ""


def test_headings_emphasis_and_strikethrough() -> None:
    html = render_markdown("# 第1条\n\n## 目的\n\n*強調* と **重要** と ~~削除~~")
    assert "<h1>第1条</h1>" in html
    assert "<h2>目的</h2>" in html
    assert "<em>強調</em>" in html
    assert "<strong>重要</strong>" in html
    assert "<s>削除</s>" in html


def test_lists() -> None:
    html = render_markdown("- 須崎市\n- 中土佐町\n\n3. 三\n4. 四\n")
    assert "<ul>\n<li>須崎市</li>\n<li>中土佐町</li>\n</ul>" in html
    assert '<ol start="3">' in html


def test_table_with_alignment_uses_align_not_style() -> None:
    html = render_markdown("| 項目 | 金額 |\n|:--|--:|\n| 回線費 | 1,000 |\n")
    assert "<table>" in html
    assert '<th align="left">項目</th>' in html
    assert '<td align="right">1,000</td>' in html
    assert "style" not in html


@pytest.mark.parametrize(
    "href",
    ["http://example.jp/a?b=1#c", "https://example.jp/", "mailto:jouhou@example.lg.jp", "#sec-2",
     "/negotiations/1/items/2", "../other", "?page=2"],
)  # fmt: skip
def test_safe_links_render(href: str) -> None:
    html = render_markdown(f"[リンク]({href})")
    [(tag, attrs)] = _elements(html)[1:]
    assert tag == "a"
    assert attrs["href"] == href
    assert attrs["rel"] == "noopener noreferrer"


def test_autolink_and_reference_link() -> None:
    html = render_markdown(
        "<https://example.jp/x>\n\n[参照][r]\n\n[r]: https://example.jp/r 'タイトル'"
    )
    hrefs = [attrs["href"] for tag, attrs in _elements(html) if tag == "a"]
    assert hrefs == ["https://example.jp/x", "https://example.jp/r"]
    assert 'title="タイトル"' in html


def test_code_block_keeps_content_escaped() -> None:
    html = render_markdown("```\nif a < b:\n    pass\n```")
    assert "<pre><code>if a &lt; b:\n    pass\n</code></pre>" in html


JAPANESE = (
    "「アクセス権制御ポリシー」①全角ＡＢＣ１２３、半角ｶﾅ、〜…※ 職員は庁舎内からのみ接続できる。"
)


def test_japanese_text_passes_through_unchanged() -> None:
    assert render_markdown(JAPANESE) == f"<p>{JAPANESE}</p>\n"


def test_japanese_in_link_text_title_and_table() -> None:
    html = render_markdown(
        f'[「規程」①](https://example.jp "②")\n\n| 市町 |\n|---|\n| {JAPANESE} |'
    )
    assert ">「規程」①</a>" in html
    assert 'title="②"' in html
    assert f"<td>{JAPANESE}</td>" in html


_FRAGMENTS = [
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:", "JaVaScRiPt:",
    "data:text/html,", "&#x09;", "&#106;", "[", "]", "(", ")", "![", "<", ">", "\"", "'", "`",
    "\n", "\n\n", "onload=", " onclick=", "<svg", "<a href=", "|", "---", "- ", "> ", "*",
]  # fmt: skip
_hostile_text = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=8)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _hostile_text.map("".join)))
def test_arbitrary_text_never_yields_script_or_event_handler(text: str) -> None:
    html = str(render_markdown(text))
    assert "<script" not in html.lower()
    for tag, attrs in _elements(html):
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert_no_event_handler_text(html)


RAW_HTML = [
    '<p onclick="alert(1)" style="color:red" class="x" id="y">x</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html,x">x</a>',
    '<img src="http://evil.example/a.png" onerror="alert(1)">',
    "<script>alert(1)</script><style>p{}</style><iframe src=//evil.example></iframe>",
    '<svg onload="alert(1)"><a href="https://example.jp" rel="opener">x</a></svg>',
    '<td align="justify" style="x">x</td><ol start="2" type="a"><li>x</li></ol>',
]


@pytest.mark.parametrize("html", RAW_HTML)
def test_sanitizer_layer_alone_removes_what_markdown_it_might_let_through(html: str) -> None:
    # Defence in depth: even if markdown-it were misconfigured, the nh3 pass must hold by itself.
    from negotiator.negotiation.markdown import _CLEANER

    assert_harmless(_CLEANER.clean(html))


def test_a_text_is_rendered_once_and_long_texts_are_not_kept() -> None:
    """The item page renders its revision on every request: short texts are kept (by the text,
    so an edit renders anew), long ones rendered each time, so the cache stays a few MB."""
    from negotiator.negotiation import markdown

    markdown._rendered.cache_clear()
    text = "## 第1条\n\n**アクセス権**は所属団体ごとに設定する。"
    first = render_markdown(text)
    assert render_markdown(text) is first
    assert render_markdown(text + "\n\n追記") != first
    long = "長い提案文。" * (markdown.CACHED_CHARS // 6 + 1)
    assert len(long) > markdown.CACHED_CHARS
    assert render_markdown(long) is not render_markdown(long)
    assert render_markdown(long) == render_markdown(long)
    assert markdown._rendered.cache_info().currsize == 2
