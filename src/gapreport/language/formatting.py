"""Numbers and dates as a reader of each language expects them, by Babel's locale data.

"1 700", "40 %" and "2,9" in Bokmål (nb); "1,700", "40%" and "2.9" in English (en). Published
numbers keep the precision their source gave; numbers the model computes are rounded so they
do not claim more precision than their inputs have (tens for thousands, whole percentages
above ten).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import Protocol

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

MAX_DECIMALS = 2


class Quotable(Protocol):
    """A number as the brief quotes it (a key figure): its value, unit and kind."""

    @property
    def value(self) -> float: ...
    @property
    def unit(self) -> str: ...
    @property
    def kind(self) -> str: ...


_DIGITS = 400  # enough for any float's integer part


class Formatter:
    """Formats values for one locale (a Babel locale name such as ``nb_NO`` or ``en_GB``)."""

    def __init__(self, locale: str):
        self.locale = locale

    def figure(self, figure: Quotable) -> str:
        """A key figure as the brief prints it: rounding depends on whether it was computed."""
        computed = figure.kind in ("computed", "derived")
        return self.value(figure.value, figure.unit, computed=computed)

    def value(self, value: float, unit: str, *, computed: bool = False) -> str:
        if unit in ("year", "years"):
            return str(round(value))
        if unit == "percent":
            decimals = (0 if abs(value) >= 10 else 1) if computed else _decimals(value)
            return self.percent(value, decimals)
        if computed:
            return self.number(_round_level(value), 0)
        return self.number(value, _decimals(value))

    def number(self, value: float, decimals: int = 0) -> str:
        return _number(self.locale, str(round(value, decimals)), decimals)

    def percent(self, value: float, decimals: int = 0) -> str:
        with localcontext(prec=_DIGITS):
            exact = Decimal(str(round(value, decimals))) / 100
            return format_percent(exact, locale=self.locale, decimal_quantization=False)

    def date(self, day: datetime.date) -> str:
        return format_date(day, format="long", locale=self.locale)


@lru_cache(maxsize=4096)
def _number(locale: str, rounded: str, decimals: int) -> str:
    """A rounded number (as ``str`` writes it) in the locale's digits. Kept, because the
    charts ask for the same few tick values over and over, and Babel takes a while."""
    with localcontext(prec=_DIGITS):  # a large float has more digits than Decimal's 28
        exact = Decimal(rounded)
        return format_decimal(
            exact.normalize() if decimals else exact.to_integral_value(),
            locale=locale,
            decimal_quantization=False,
        )


def _decimals(value: float) -> int:
    """How many decimals a number was written with (as read from the data), at most two."""
    text = repr(float(value))
    if "e" in text or "." not in text:
        return 0
    fraction = text.split(".")[1].rstrip("0")
    return min(len(fraction), MAX_DECIMALS)


def _round_level(value: float) -> float:
    """Computed head counts: to the nearest ten from a thousand up, else to the nearest one."""
    return round(value, -1) if abs(value) >= 1000 else round(value)
