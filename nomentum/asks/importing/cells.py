"""Reading one cell: the words people use for outcomes and feedback, dates, amounts, yes and no."""

import datetime as dt
import functools
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from nomentum.asks.models import Feedback, Outcome, category_key, category_slug


class CellError(ValueError):
    pass


# The readers below are pure, and a file repeats its words and days thousands of times.
_cached = functools.lru_cache(maxsize=4096)
cached_slug = _cached(category_slug)  # 0.1 s a 50,000 calls uncached
cached_key = _cached(category_key)


def _words(value: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value.casefold()).split())


# Outcome words -> (outcome, feedback implied). Compared as lower-case words, so
# "No_Response", "no-response" and "No response" are one.
OUTCOME_WORDS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        ["", "pending", "waiting", "submitted", "sent", "open", "applied", "in progress",
         "awaiting response", "interview", "interviewing", "queried"],
        (Outcome.PENDING, ""),
    ),
    **dict.fromkeys(
        ["no", "r", "rejected", "rejection", "declined", "turned down", "not selected", "passed"],
        (Outcome.NO, ""),
    ),
    **dict.fromkeys(
        ["form rejection", "form", "form no", "form rejected", "fr"],
        (Outcome.NO, Feedback.FORM),
    ),
    **dict.fromkeys(
        ["personal rejection", "personal", "personal no", "personal rejected", "pr"],
        (Outcome.NO, Feedback.PERSONAL),
    ),
    **dict.fromkeys(
        ["invited back", "invited to resubmit", "revise and resubmit", "r r", "rr"],
        (Outcome.NO, Feedback.INVITED_BACK),
    ),
    **dict.fromkeys(
        ["yes", "a", "accepted", "acceptance", "published", "approved", "funded", "offer",
         "hired", "granted", "won"],
        (Outcome.YES, ""),
    ),
    **dict.fromkeys(
        ["no response", "noresponse", "nr", "no reply", "no answer", "ghosted", "silence",
         "never heard back"],
        (Outcome.NO_RESPONSE, ""),
    ),
    **dict.fromkeys(["withdrawn", "withdrew", "withdraw", "w"], (Outcome.WITHDRAWN, "")),
}  # fmt: skip
FEEDBACK_WORDS: dict[str, str] = {
    "": "",
    **dict.fromkeys(["form", "form no", "form rejection"], Feedback.FORM),
    **dict.fromkeys(["personal", "personal no", "personal rejection"], Feedback.PERSONAL),
    **dict.fromkeys(
        ["invited back", "invited to resubmit", "revise and resubmit"], Feedback.INVITED_BACK
    ),
}
TRUE_WORDS = {"yes", "y", "true", "t", "1", "x", "private"}
FALSE_WORDS = {"", "no", "n", "false", "f", "0", "public"}

OUTCOME_HELP = (
    "use Rejected, Form rejection, Personal rejection, Accepted, Published, Withdrawn, "
    "No response or Pending (or the codes R, PR, A, NR)"
)


@_cached
def read_outcome(value: str) -> tuple[str, str]:
    found = OUTCOME_WORDS.get(_words(value))
    if found is None:
        raise CellError(f"“{value}” is not an outcome Nomentum knows: {OUTCOME_HELP}.")
    return found


@_cached
def read_feedback(value: str) -> str:
    found = FEEDBACK_WORDS.get(_words(value))
    if found is None:
        raise CellError(
            f"“{value}” is not feedback Nomentum knows: use form, personal or invited back."
        )
    return found


@_cached
def read_private(value: str) -> bool:
    word = _words(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"“{value}” is neither yes nor no.")


_MONTHS = {
    name[:3]: number
    for number, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"],
        start=1,
    )
}  # fmt: skip
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2}| ?[ap]m)?)?"  # casefolded
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME)
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})" + _TIME)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME)
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[ -]([a-z]{3,9})\.?[ -](\d{4}|\d{2})")
_MONTH_NAME_DAY = re.compile(r"([a-z]{3,9})\.? (\d{1,2}),? (\d{4})")

# Slashed dates, 11/03/2025, are taken month first, as Excel and Google Sheets
# write them in their default (US English) locale, and as the same day appears
# beside 2025-11-03 in the trackers this import was written for. A file whose
# slashed dates cannot be month first (a first number above 12, none second)
# is read day first throughout, as a British or European spreadsheet writes
# them: one reading for the whole file, never a guess per cell. Dotted dates
# (3.11.2025) are only ever written day first, so they need no guess.
MONTH_FIRST = "month first"
DAY_FIRST = "day first"


def slashed_order(values: Iterable[str]) -> str:
    """Return how the file's slashed dates read: MONTH_FIRST unless only day first fits."""
    first_over_12 = second_over_12 = False
    for value in values:
        match = _SLASHED.fullmatch(value.strip())
        if match:
            first_over_12 |= int(match[1]) > 12
            second_over_12 |= int(match[2]) > 12
    return DAY_FIRST if first_over_12 and not second_over_12 else MONTH_FIRST


def _year(text: str) -> int:
    # Two digits as strftime's %y reads them: 69-99 are the 1900s, 00-68 the 2000s.
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= 69 else 2000
    return year


@_cached
def read_date(value: str, order: str = MONTH_FIRST) -> dt.date:
    text = value.strip().casefold()
    try:
        if match := _ISO.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _SLASHED.fullmatch(text):
            first, second = int(match[1]), int(match[2])
            month, day = (first, second) if order == MONTH_FIRST else (second, first)
            return dt.date(_year(match[3]), month, day)
        if match := _DOTTED.fullmatch(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if (match := _DAY_MONTH_NAME.fullmatch(text)) and match[2][:3] in _MONTHS:
            return dt.date(_year(match[3]), _MONTHS[match[2][:3]], int(match[1]))
        if (match := _MONTH_NAME_DAY.fullmatch(text)) and match[1][:3] in _MONTHS:
            return dt.date(int(match[3]), _MONTHS[match[1][:3]], int(match[2]))
    except ValueError:
        raise CellError(f"“{value}” is not a day of the calendar.") from None
    example = "11/03/2025" if order == MONTH_FIRST else "03/11/2025"
    raise CellError(f"“{value}” is not a date Nomentum reads: write 2025-11-03 or {example}.")


_CURRENCY = re.compile(r"[\s$€£¥]|usd|eur|gbp|chf|cad|aud", re.IGNORECASE)


@_cached
def read_amount(value: str) -> Decimal:
    """Return an amount: 1500, 1,500.50, $1,500, 1.500,50 € and 12,50 are all read."""
    text = _CURRENCY.sub("", value)
    if "," in text and "." in text:
        # The later of the two separates the cents.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        if re.fullmatch(r"-?\d+,\d{1,2}", text):
            text = text.replace(",", ".")
        elif re.fullmatch(r"-?\d{1,3}(?:,\d{3})+", text):
            text = text.replace(",", "")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?|-?\.\d+", text):
        raise CellError(f"“{value}” is not an amount: write it like 1500 or 1500.00.")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{value}” is not an amount: write it like 1500 or 1500.00.") from None
