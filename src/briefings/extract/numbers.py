"""Numbers as written -> value, precision and the interval the qualifier allows (DESIGN.md)."""

from __future__ import annotations

from decimal import Decimal

SCALES = {
    "hundred": 100,
    "hundred thousand": 100_000,
    "hundred million": 100_000_000,
    "10,000": 10_000,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 10**12,
}
WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Every qualifier read_figure gives; marts.fct_figures accepts exactly these (a test keeps them equal).
QUALIFIERS = ("exact", "more_than", "nearly", "around", "at_least", "up_to", "less_than", "range")


def word_value(words: str) -> int:
    """`twenty-five` -> 25, `twelve` -> 12 (words only: the caller matched them)."""
    total = 0
    for part in words.lower().replace("-", " ").split():
        total += TENS.get(part, WORDS.get(part, 0))
    return total


def numeral_value_and_precision(numeral: str) -> tuple[Decimal, Decimal]:
    """`21,000` -> (21000, 1000); `2,884` -> (2884, 1); `11.7` -> (11.7, 0.1); `2.50` -> (2.5, 0.1).

    Precision is the place value of the last non-zero digit as written.
    """
    digits = numeral.replace(",", "")
    value = Decimal(digits)
    whole, _, frac = digits.partition(".")
    frac = frac.rstrip("0")
    if frac:
        return value, Decimal(1).scaleb(-len(frac))
    stripped = whole.rstrip("0")
    if not stripped:  # zero itself
        return value, Decimal(1)
    return value, Decimal(1).scaleb(len(whole) - len(stripped))


def interval(
    value: Decimal, precision: Decimal, qualifier: str, *, small_count: bool = False
) -> tuple[Decimal, Decimal, bool, bool]:
    """(low, high, low_open, high_open) for a figure, by the interval table of DESIGN.md.

    small_count: a plain whole count under 100 (`14 departments`, `six departments`) is
    taken as exact; officials do not round such counts to tens.
    """
    p = precision
    if qualifier == "exact":
        if p >= 10 and not small_count:
            return value - p / 2, value + p / 2, False, False
        return value, value, False, False
    if qualifier == "more_than":
        return value, value + p, True, False
    if qualifier == "nearly":
        return value - p, value, False, True
    if qualifier == "around":
        return value - p, value + p, False, False
    if qualifier == "at_least":
        return value, value + p, False, False
    if qualifier == "up_to":
        return value - p, value, False, False
    if qualifier == "less_than":
        return Decimal(0), value, False, True
    raise ValueError(f"unknown qualifier {qualifier!r}")
