"""Everything a build computes from the data before anything is drawn, rendered or written:
the one object the chart and render stages read, so their signatures can say what it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from gapreport.check.quantities import Quantities
from gapreport.load.dataset import Dataset
from gapreport.model.backtests import BackTest
from gapreport.model.claims import ClaimResult
from gapreport.model.keyfigures import KeyFigure
from gapreport.model.projection import Projection
from gapreport.outlook.sensitivity import Swing
from gapreport.outlook.uncertainty import Fan
from gapreport.outlook.what_it_takes import Requirement


@dataclass
class Analysis:
    """Everything computed from the data, before anything is rendered or written."""

    dataset: Dataset
    quantities: Quantities
    projection: Projection
    figures: dict[str, KeyFigure]
    claims: list[ClaimResult] = field(default_factory=list)
    backtests: list[BackTest] = field(default_factory=list)
    fans: list[Fan] = field(default_factory=list)
    swings: list[Swing] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
