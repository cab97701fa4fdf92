"""vi-VN display: what a leader reads."""

import re
from datetime import date

from babel.numbers import parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as hs

import formatting as fmt


def test_million_vnd_reads_like_the_report():
    assert fmt.million_vnd(3_402_000) == "3,402 triệu đồng"
    assert fmt.million_vnd(162_000) == "0,162 triệu đồng"
    assert fmt.million_vnd(600_000_000) == "600 triệu đồng"
    assert fmt.million_vnd(1_234_500_000, decimals=1) == "1.234,5 triệu đồng"


def test_not_reported_is_a_dash_never_zero():
    assert fmt.million_vnd(None) == "—"
    assert fmt.money(None) == "—"
    assert fmt.exact_vnd(None) == "chưa báo cáo"
    assert fmt.pct(float("nan")) == "—"


def test_money_switches_to_billions():
    assert fmt.money(1_096_962_000) == "1,097 tỷ đồng"
    assert fmt.money(999_000_000) == "999 triệu đồng"


def test_exact_and_dates():
    assert fmt.exact_vnd(3_402_000) == "3.402.000 đồng"
    assert fmt.day(date(2023, 11, 30)) == "30/11/2023"
    assert fmt.month(date(2023, 10, 1)) == "10/2023"
    assert fmt.pct(7.6458) == "7,6%"


@settings(max_examples=200)
@given(hs.integers(min_value=0, max_value=10**15))
def test_exact_vnd_round_trips_through_vi_parsing(amount_vnd):
    text = fmt.exact_vnd(amount_vnd).removesuffix(" đồng")
    assert int(parse_decimal(text, locale="vi_VN")) == amount_vnd


@settings(max_examples=200)
@given(hs.integers(min_value=0, max_value=10**13))
def test_million_vnd_keeps_every_dong_at_six_decimals(amount_vnd):
    text = fmt.million_vnd(amount_vnd, decimals=6).removesuffix(" triệu đồng")
    assert round(parse_decimal(text, locale="vi_VN") * 1_000_000) == amount_vnd


def test_agency_text_is_inert_in_markdown():
    text = fmt.inert("<img src=x onerror=alert(1)> [bấm](http://x) **Sở** 3,402")
    assert re.search(r"(?<!\\)[<>\[\]*]", text) is None  # every tag, link and bold mark escaped
    assert "Sở" in text and "3,402" in text


@settings(max_examples=500)
@given(
    hs.one_of(
        hs.floats(min_value=-1e13, max_value=1e13, allow_nan=False), hs.integers(min_value=-(10**15), max_value=10**15)
    ),
    hs.integers(min_value=0, max_value=6),
)
def test_number_matches_babel_vi_vn(value, decimals):
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    expected = format_decimal(value, format=pattern, locale="vi_VN")
    # Babel writes a value that rounds to zero from below as "-0"; a reader is better served by "0".
    assert fmt.number(value, decimals) == ("0" if expected == "-0" else expected)


def test_inert_breaks_every_markup_streamlit_renders():
    from tests.hostile.texts import ALL

    shown = fmt.inert(ALL)
    assert not re.search(r"(?<!\\)[\[\]<>$!:@&*_`]", shown), shown  # every markup character escaped
    for raw in ("http://", "www.evil", "\u202e"):  # autolinks need these unbroken; the override is dropped
        assert raw not in shown, raw
    unescaped = re.sub(r"\\(.)", r"\1", shown).replace("\u2060", "")
    assert unescaped == fmt.plain(ALL)  # the same text, only escaped
    assert len(fmt.inert("x" * 100_000)) == fmt.MAX_SHOWN_CHARS


def test_plotly_text_is_html_escaped_and_one_line():
    assert (
        fmt.plotly_text('<a href="x" target="_self">Sở</a>\n& <br>')
        == '&lt;a href="x" target="_self"&gt;Sở&lt;/a&gt; &amp; &lt;br&gt;'
    )


def test_counts_are_grouped_as_vietnamese_numbers():
    import formatting as fmt

    assert fmt.count(16020) == "16.020"  # "16020 dòng" was shown on Kinh phí at national scale
    assert fmt.count(846) == "846"
    assert fmt.count(None) == fmt.NOT_REPORTED


@settings(max_examples=300, deadline=None)
@given(hs.text(max_size=400) | hs.sampled_from(["Sở Y tế", "a\u202etrái\u202c b", " hai\u00a0 khoảng ", "\u200bẩn"]))
def test_plain_fast_path_gives_the_slow_paths_text(text):
    """plain() skips the per-character walk for printable text, and caches: the same text either way."""
    slow = "".join(" " if ch.isspace() else ch for ch in text if ch.isspace() or fmt._printable(ch))  # noqa: SLF001
    expected = " ".join(slow.split())
    expected = expected if len(expected) <= fmt.MAX_SHOWN_CHARS else expected[: fmt.MAX_SHOWN_CHARS - 1].rstrip() + "…"
    assert fmt.plain(text) == expected
    assert fmt.plain(text) == expected  # the cached answer
