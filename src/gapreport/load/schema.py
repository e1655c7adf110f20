"""The shape of the data files: what analysts may write, checked field by field with pydantic.

These models check only shape and type (a number where a number belongs, no unknown keys,
a known unit or method). What the values mean together (references resolve, low <= high,
years in order, scopes match) is checked afterwards in :mod:`gapreport.check.rules`, where every
problem can point at the exact field. Nothing here knows about any profession or country:
those live only in the data.

Models are strict: ``"40"`` is not a number and ``1`` is not ``true``, because in hand-edited
YAML that is almost always a slip worth reporting.
"""

from __future__ import annotations

import datetime
import functools
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from gapreport.errors import Location

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"
REF_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*(\.[a-z_]+)?$"
LANG_PATTERN = r"^[a-z]{2,3}$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Ref = Annotated[str, StringConstraints(pattern=REF_PATTERN, max_length=100)]
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
Year = Annotated[int, Field(ge=1900, le=2200)]
Number = float
Text = str | dict[Lang, str]
"""Prose from data: one text for every language, or a mapping from language code to text."""

LARGEST = 1e9
"""The largest number the data may hold, or a projection reach: larger than any workforce
count or rate, so a number beyond it is far likelier a slip (and the brief could not print it)."""

Unit = Literal["fte", "persons", "posts", "percent", "index", "ratio", "years", "persons_per_year"]
"""``posts`` counts jobs (vacancies, unfilled posts in a survey), not the people in them."""
LEVEL_UNITS = ("fte", "persons")


class Where:
    """Where a model came from: its file and its path inside it, for pointing at fields."""

    def __init__(self, document: Any, path: tuple[str | int, ...]):
        self.document = document
        self.path = path

    def at(self, *fields: str | int, key: bool = False) -> Location:
        return self.document.locate((*self.path, *fields), key=key)

    def field(self, *fields: str | int) -> str:
        from gapreport.load.yamlfile import format_path

        return format_path((*self.path, *fields))


class Model(BaseModel):
    """Base for every data model: strict, closed to unknown keys, and aware of its location."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)
    _where: Where | None = PrivateAttr(default=None)

    @property
    def where(self) -> Where:
        # read from pydantic's private-attribute slot directly: ``self._where`` goes through
        # pydantic's __getattr__, which large data folders would pay tens of thousands of times
        where = (self.__pydantic_private__ or {}).get("_where")
        if where is None:  # built in code, not read from a file
            return Where(_Nowhere(), ())
        return where


class _Nowhere:
    def locate(self, path: tuple, key: bool = False) -> Location:
        return Location("<data>")


class Scope(Model):
    """What a number counts: which profession, in which sector, in which region (codes)."""

    profession: Id
    sector: Id
    region: Id


class Source(Model):
    """One publication. Figures point here; the brief lists these as references."""

    id: Id
    title: str | None = None
    publisher: str
    year: Year | None = None
    authors: list[str] = Field(default_factory=list)
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    language: Lang
    note: Text | None = None


class Figure(Model):
    """A published number: a value, or a low/high range, with its scope and source."""

    id: Id
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    unit: Unit
    year: Year | None = None
    base_year: Year | None = None
    scope: Scope
    source: Id
    reported_by: list[Id] = Field(default_factory=list)
    page: str | int | None = None
    note: Text | None = None
    bound: Literal["lower", "upper"] | None = Field(
        default=None,
        description='The value is a bound, not an estimate: "at least" (lower) or "up to" (upper).',
    )
    range: Literal["scenarios", "uncertainty"] | None = Field(
        default=None,
        description="What a low-high range is: the outcomes of a source's scenarios (the "
        "default: never drawn as a probability), or an uncertainty range the source states as "
        "such (drawn evenly).",
    )


class Assumption(Model):
    """The analyst's own number, with why it is plausible and how far it could be off."""

    id: Id
    title: Text
    value: Number
    low: Number
    high: Number
    unit: Unit
    rationale: Text
    basis: list[Id] = Field(default_factory=list)
    year: Year | None = None
    scope: Scope | None = None


class Derived(Model):
    """A number computed from others by a named operation, so its arithmetic is visible.

    ``product`` multiplies one count by shares (percent, taken as fractions) and ratios, e.g.
    persons employed x share in health x FTE per person; ``unit`` says what the result counts
    when the factors change it (persons x FTE per person is fte). ``base_year`` makes a
    difference of two levels a change over its own period, which ``trend`` can use.
    """

    id: Id
    op: Literal["ratio", "sum", "complement", "product"]
    of: list[Ref] = Field(min_length=1)
    minus: list[Ref] = Field(default_factory=list)
    unit: Unit | None = None
    year: Year | None = None
    base_year: Year | None = None
    note: Text | None = None
    scope: Scope | None = None


class Point(Model):
    """An anchor of a path: a value in a year (by default the year of the figure it names)."""

    value: Ref
    year: Year | None = None


class Growth(Model):
    """From a base, grow to a target year by a percentage, an added amount, or a target level."""

    method: Literal["growth"]
    base: Ref
    base_year: Year | None = None
    target_year: Year | None = None
    percent: Ref | None = None
    added: Ref | None = None
    target: Ref | None = None
    shape: Literal["compound", "linear"] = "compound"


class Band(Model):
    """Like growth to a target level, twice: to a low and a high target, giving two paths."""

    method: Literal["band"]
    base: Ref
    base_year: Year | None = None
    target_year: Year | None = None
    low: Ref
    high: Ref
    shape: Literal["compound", "linear"] = "compound"


class Anchors(Model):
    """A path through published points, straight between them; beyond the ends extend or hold."""

    method: Literal["anchors"]
    points: list[Point] = Field(min_length=1)
    beyond: Literal["extend", "hold"] = "extend"


class Trend(Model):
    """A straight line from a base at the pace of an observed change over its own period."""

    method: Literal["trend"]
    base: Ref
    base_year: Year | None = None
    change: Ref


class AgeBand(Model):
    """Part of a stock by age: from ``age`` up to the next band's age, its ``share`` of the
    stock (percent) and its own yearly ``exit_rate`` (percent)."""

    age: int = Field(ge=0, le=120)
    share: Ref
    exit_rate: Ref


class StockFlow(Model):
    """Next year's stock: this year's, less exits (and moves to other sectors), plus graduates
    who enter and the net inflow from abroad, in FTE if asked.

    ``inflow`` and ``outflow`` are persons a year (immigrants and returners; emigrants);
    ``move_rate`` is the yearly share who move to another sector: an exit for a count of one
    sector, so leave it out for a count of all sectors. ``placements`` (practice placements
    per student) lets what it takes say how many placements extra study places need.
    """

    method: Literal["stock_flow"]
    stock: Ref
    base_year: Year | None = None
    intake: Anchors
    study_years: Ref
    completion: Ref
    entry_share: Ref
    exit_rate: Ref | None = None
    ages: list[AgeBand] | None = Field(
        default=None,
        min_length=2,
        description="Instead of one exit_rate: the stock in age bands, each with its own exit "
        "rate, and a part of each band growing into the next every year.",
    )
    fte_per_person: Ref | None = None
    inflow: Ref | None = None
    outflow: Ref | None = None
    move_rate: Ref | None = None
    placements: Ref | None = None


Series = Annotated[Growth | Band | Anchors | Trend | StockFlow, Field(discriminator="method")]


class Scenario(Model):
    """A demand path set against a supply path; the caveat says why mixing scopes is fair."""

    id: Id
    title: Text
    label: Text | None = None
    description: Text | None = None
    demand: Series
    supply: Series
    caveat: Text | None = None


class Claim(Model):
    """A statement a source makes about its own numbers, recomputed at every build."""

    id: Id
    statement: Text
    actual: Ref
    expected: Ref
    tolerance: Number = Field(ge=0)


class Observation(Model):
    """A level seen in a year (a register count, a statistics table, a survey of unfilled
    posts), set against the projected path that counts the same thing: a back-test.

    By default every scenario whose ``measure`` side counts the figure's scope and unit is
    tested; ``scenarios`` names them instead, and one that counts something else needs the
    ``caveat`` saying why the comparison is fair (the rule for scenarios). ``tolerance`` is
    how far, in percent, a path may miss before ``gapreport validate`` warns.
    """

    figure: Ref
    measure: Literal["supply", "demand", "gap"] = "supply"
    scenarios: list[Id] = Field(default_factory=list)
    tolerance: Number | None = Field(default=None, ge=0)
    caveat: Text | None = None


class Horizon(Model):
    start: Year
    end: Year


class Brief(Model):
    """The brief's settings: its title, languages, the years it covers and what leads."""

    title: Text
    subtitle: Text | None = None
    organisation: Text
    date: datetime.date | None = None
    languages: list[Lang] = Field(min_length=1)
    horizon: Horizon
    key_year: Year
    first_intake: Year | None = None
    """The first intake extra study places could take: by default the year after the brief's
    date, whose own intake has usually been admitted by the time a brief is read."""
    lead_scenarios: list[Id] = Field(default_factory=list)
    draws: int = Field(default=10_000, ge=100, le=1_000_000)
    seed: int = Field(default=1, ge=0)


class Highlight(Model):
    """A large number at the top of the brief, with a line saying what it means."""

    value: Ref
    meaning: Text


class Progress(Model):
    """What has been delivered so far against what is needed, drawn as one bar.

    ``caveat`` says why it is fair when the two count different things; ``path`` names the
    need path (a projected series) that says how much of the need was due by the end of a
    delivered change shorter than the need's own period (by default a lead scenario built
    from the need figure).
    """

    delivered: Ref
    need: Ref
    caveat: Text | None = None
    path: Id | None = None


class Asks(Model):
    """What the publishing organisation asks for, in its own section."""

    heading: Text
    items: list[Text] = Field(min_length=1)


class Comparison(Model):
    """Figures from different regions (or sectors) set side by side, with why that is fair."""

    heading: Text
    figures: list[Ref] = Field(min_length=2)
    caveat: Text | None = None
    """Required when the figures differ in scope, unit or years."""


class Prose(Model):
    """The brief's own words for this data: summary, highlights, context and asks."""

    summary: Text
    highlights: list[Highlight] = Field(min_length=1, max_length=5)
    context: list[Text] = Field(default_factory=list)
    comparison: Comparison | None = None
    what_it_takes: Text | None = None
    asks: Asks | None = None
    progress: Progress | None = None
    limitations: list[Text] = Field(
        default_factory=list,
        description="What the brief leaves out and what its words mean, paragraph by "
        "paragraph: shown in a section of its own after the asks, with who made it and when.",
    )


class Labels(Model):
    """Display names, per language, for the scope codes the figures use."""

    profession: dict[Id, Text] = Field(default_factory=dict)
    sector: dict[Id, Text] = Field(default_factory=dict)
    region: dict[Id, Text] = Field(default_factory=dict)


class DataFile(Model):
    """One YAML file under data/: any of the sections, each in at most one file for settings."""

    brief: Brief | None = None
    labels: Labels | None = None
    prose: Prose | None = None
    sources: list[Source] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)
    derived: list[Derived] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)


ENTRY_SECTIONS = (
    "sources",
    "figures",
    "assumptions",
    "derived",
    "scenarios",
    "claims",
    "observations",
)


def attach_where(model: BaseModel, document: Any, path: tuple[str | int, ...]) -> None:
    """Give every model inside ``model`` its location, so later checks can point at fields.

    Large data folders hold a hundred thousand models, so this writes to pydantic's private
    slot and reads each class's field names once, rather than going through pydantic's
    attribute hooks for every model.
    """
    if isinstance(model, Model):
        private = model.__pydantic_private__
        if private is None:
            model._where = Where(document, path)
        else:
            private["_where"] = Where(document, path)
    for name in _field_names(type(model)):
        _attach_value(getattr(model, name), document, (*path, name))


@functools.cache
def _field_names(model_class: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model_class.model_fields)


def _attach_value(value: Any, document: Any, path: tuple[str | int, ...]) -> None:
    if isinstance(value, BaseModel):
        attach_where(value, document, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _attach_value(item, document, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            _attach_value(item, document, (*path, key))
