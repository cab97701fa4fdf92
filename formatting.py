"""vi-VN display of money, rates, counts and dates. Only drawing code calls this; records stay in đồng."""

from __future__ import annotations

import functools
import html
import math
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from domain import VND_PER_BILLION, VND_PER_MILLION

NOT_REPORTED = "—"  # an empty cell the agency did not fill, never shown as 0 (format §2)

_STEPS = tuple(Decimal(1).scaleb(-n) for n in range(10))

# Plotly's `separators`: decimal mark then thousands separator, as in 1.234,5.
PLOTLY_SEPARATORS = ",."


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))  # NaN / pd.NA
    except TypeError:  # pd.NA refuses bool()
        return True


def count(value: int | None) -> str:
    """A count of agencies, lines or reports: 16.020, as every number shown (vi-VN)."""
    return number(value, 0)


def number(value: float | int | None, decimals: int = 1) -> str:
    """1234.5 -> '1.234,5'; trailing zeros of the decimals dropped ('600', '0,162')."""
    if _missing(value):
        return NOT_REPORTED
    # Babel's format_decimal gives the same text (tests/test_formatting.py holds them equal) but costs ~20 µs
    # a call; tables and hovers at national scale call this hundreds of thousands of times per rerun.
    exact = value if isinstance(value, Decimal) else Decimal(str(value))  # str(): the float as written
    rounded = exact.quantize(
        _STEPS[decimals] if decimals < len(_STEPS) else Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN
    )
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    fraction = fraction.rstrip("0")
    sign = "-" if rounded < 0 else ""
    return sign + f"{int(whole):,}".replace(",", ".") + ("," + fraction if fraction else "")


def million_vnd(amount_vnd: int | None, decimals: int = 3) -> str:
    """3_402_000 -> '3,402 triệu đồng' (the unit leaders read); None -> '—'."""
    if amount_vnd is None or _missing(amount_vnd):
        return NOT_REPORTED
    return f"{number(amount_vnd / VND_PER_MILLION, decimals)} triệu đồng"


def million_vnd_number(amount_vnd: int | None, decimals: int = 3) -> str:
    """The number alone, for table cells whose header carries '(triệu đồng)'."""
    if amount_vnd is None or _missing(amount_vnd):
        return NOT_REPORTED
    return number(amount_vnd / VND_PER_MILLION, decimals)


def billion_vnd(amount_vnd: int | None, decimals: int = 3) -> str:
    if amount_vnd is None or _missing(amount_vnd):
        return NOT_REPORTED
    return f"{number(amount_vnd / VND_PER_BILLION, decimals)} tỷ đồng"


def money(amount_vnd: int | None) -> str:
    """Picks tỷ đồng from one billion up, triệu đồng below."""
    if amount_vnd is None or _missing(amount_vnd):
        return NOT_REPORTED
    if abs(amount_vnd) >= VND_PER_BILLION:
        return billion_vnd(amount_vnd)
    return million_vnd(amount_vnd)


def exact_vnd(amount_vnd: int | None) -> str:
    """3_402_000 -> '3.402.000 đồng' (hover detail, and messages: whole đồng cannot be misread either way)."""
    if amount_vnd is None or _missing(amount_vnd):
        return "chưa báo cáo"
    whole = int(amount_vnd)
    # Grouped by hand, not via number(): a Decimal quantize would overflow its context past 28 digits.
    return ("-" if whole < 0 else "") + f"{abs(whole):,}".replace(",", ".") + " đồng"


def exact_number(value) -> str:
    """A number exactly as read, the Vietnamese way, for messages: 1234.5 -> '1.234,5' (no rounding)."""
    d = (
        value
        if isinstance(value, Decimal)
        else Decimal(repr(float(value)))
        if isinstance(value, float)
        else Decimal(value)
    )
    d = d.normalize() if d == d.to_integral_value() else d
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".")
    return sign + text + ("," + frac.rstrip("0") if frac.rstrip("0") else "")


def pct(value: float | None, decimals: int = 1) -> str:
    if _missing(value):
        return NOT_REPORTED
    return f"{number(value, decimals)}%"


def day(value: date | datetime | None) -> str:
    if value is None or _missing(value):
        return NOT_REPORTED
    return value.strftime("%d/%m/%Y")


def month(value: date | None) -> str:
    if value is None or _missing(value):
        return NOT_REPORTED
    return value.strftime("%m/%Y")


def timestamp(value: datetime | None) -> str:
    if value is None or _missing(value):
        return NOT_REPORTED
    return value.strftime("%d/%m/%Y %H:%M")


def local_timestamp(value: datetime | None) -> str:
    """An aware (UTC) time as Vietnamese wall-clock time, dd/mm/yyyy HH:MM."""
    if value is None or _missing(value):
        return NOT_REPORTED
    from zoneinfo import ZoneInfo

    return timestamp(value.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")))


# --- text from files, names and URLs, made inert: the one place that decides how such text is shown ----------

MAX_SHOWN_CHARS = 300  # a 100k-character name took the agency page 67 s to draw; tables keep the full text
# Markdown and what Streamlit adds on top, each broken by a backslash escape (any escaped ASCII punctuation
# renders as itself): links and images ([ ] ! < >), emphasis and code (* _ ~ `), headings and tables (# |),
# entities (&), KaTeX ($), directives :red[…] and icons :material/…: (":"). Brackets ( ) stay readable.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|<>~$&:@])")
# Autolinks of bare http://, www. and emails are made after parsing, from the text itself (remark-gfm's
# findAndReplace), so no escape stops them: an invisible WORD JOINER breaks the pattern and nothing that shows.
# Icons :material/home: and emoji shortcodes :smile: are replaced in the text too, escaped colons or not.
_AUTOLINK_START = re.compile(r"(?i)(https?|ftp|www)(?=s?[:.])|(?=@)|(?<=:)(?=[\w+-]+[:/])")
_JOINER = "\u2060"


def plain(text: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """One line of printable text: no control, format (bidi overrides, zero-width) or line characters, at most
    `limit` characters. A right-to-left override in a province name once reversed the app's own caption."""
    return _plain(text, limit) if isinstance(text, str) else _plain_uncached(text, limit)


@functools.lru_cache(maxsize=65536)
def _plain(text: str, limit: int) -> str:
    # Names are drawn on every rerun (pickers, tables, banners): the same few thousand strings each time.
    return _plain_uncached(text, limit)


def _plain_uncached(text: object, limit: int) -> str:
    raw = "" if _missing(text) else str(text)
    if raw.isprintable():  # only ' ' among the spaces, no C* or Z* character: nothing to drop (the usual case)
        kept = raw
    else:
        kept = "".join(" " if ch.isspace() else ch for ch in raw if ch.isspace() or _printable(ch))
    line = " ".join(kept.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _printable(ch: str) -> bool:
    return unicodedata.category(ch)[0] not in "CZ"  # Cc, Cf (bidi, zero-width), Co, Cn, Zl, Zp; spaces kept above


def inert(text: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """Text an agency wrote, for anything Streamlit renders as markdown (markdown, captions, headers, widget and
    button labels, alerts): shown exactly as text, never a link, image, style, directive, icon or formula."""
    return _inert(text, limit) if isinstance(text, str) else _inert_uncached(text, limit)


@functools.lru_cache(maxsize=65536)
def _inert(text: str, limit: int) -> str:
    return _inert_uncached(text, limit)


def _inert_uncached(text: object, limit: int) -> str:
    unlinked = _AUTOLINK_START.sub(lambda m: m.group(0) + _JOINER, plain(text, limit))
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), unlinked)


def plotly_text(text: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """Text an agency wrote, for Plotly titles, labels, categories and hover: Plotly draws a subset of HTML
    (<a href>, <span style>, <br>) in all of them, so <, > and & are written as entities it shows as text."""
    return html.escape(plain(text, limit), quote=False)
