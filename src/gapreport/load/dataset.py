"""Load a data folder into one :class:`Dataset`, or report every problem in it.

A data folder holds YAML files; each is a mapping of sections (``brief``, ``labels``,
``sources``, ``figures``, ``assumptions``, ``derived``, ``scenarios``, ``claims``,
``observations``). The shipped
data keeps one section per file, named after it, but an analyst may split or merge files: list
sections are joined across files, settings sections may appear once. Problems from every file
are collected and raised together; the meaning of the whole is checked by the next stage
(:mod:`gapreport.check`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from gapreport.errors import DataError, DataProblem, Location, ProblemLog, display_path
from gapreport.load.messages import problems_from
from gapreport.load.schema import (
    ENTRY_SECTIONS,
    Assumption,
    Brief,
    Claim,
    DataFile,
    Derived,
    Figure,
    Labels,
    Observation,
    Prose,
    Scenario,
    Source,
    attach_where,
)
from gapreport.load.yamlfile import YamlDocument, YamlProblem, read_yaml

DATA_SUFFIXES = (".yaml", ".yml")


@dataclass
class Dataset:
    """Everything in a data folder, validated; each entry knows the file and line it came from."""

    folder: Path
    brief: Brief
    labels: Labels
    prose: Prose
    sources: list[Source] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    digest: str = ""
    files: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in ENTRY_SECTIONS}


def read_dataset(folder: Path) -> Dataset:
    """Read the files and check their shape (types, keys); the meaning is checked apart."""
    paths = _data_files(folder)
    log = ProblemLog()
    parsed: list[tuple[YamlDocument, DataFile]] = []
    for path in paths:
        result = _load_file(path, log)
        if result is not None:
            parsed.append(result)
    log.raise_if_any()
    dataset = _merge(folder, parsed, log)
    log.raise_if_any()
    assert dataset is not None
    dataset.digest = _digest([document for document, _ in parsed])
    dataset.files = [display_path(p) for p in paths]
    return dataset


def _data_files(folder: Path) -> list[Path]:
    shown = display_path(folder)
    if not folder.exists():
        raise DataError([DataProblem(Location(shown), "", "the data folder does not exist")])
    if not folder.is_dir():
        raise DataError([DataProblem(Location(shown), "", "expected a data folder, found a file")])
    # Every *.yaml counts, even one that cannot be read (it is then reported, not skipped);
    # names starting with '.' or '#' are editors' temporary and lock files.
    paths = sorted(
        p
        for p in folder.iterdir()
        if p.suffix in DATA_SUFFIXES and not p.name.startswith((".", "#"))
    )
    if not paths:
        raise DataError([DataProblem(Location(shown), "", "the data folder holds no .yaml files")])
    return paths


def _load_file(path: Path, log: ProblemLog) -> tuple[YamlDocument, DataFile] | None:
    try:
        document = read_yaml(path, display_path(path))
    except YamlProblem as problem:
        log.extend([problem.problem])
        return None
    where = Location(document.file, 1, 1)
    if document.data is None:
        log.add(where, "", "the file is empty; expected sections such as 'figures:'")
        return None
    if not isinstance(document.data, dict):
        log.add(
            where,
            "",
            "expected a mapping of sections (brief:, sources:, figures:, ...), "
            f"found a {type(document.data).__name__}",
        )
        return None
    try:
        content = DataFile.model_validate(document.data)
    except ValidationError as error:
        log.extend(problems_from(error, document, DataFile))
        return None
    attach_where(content, document, ())
    return document, content


def _merge(
    folder: Path, parsed: list[tuple[YamlDocument, DataFile]], log: ProblemLog
) -> Dataset | None:
    brief = _single(parsed, "brief", log)
    labels = _single(parsed, "labels", log)
    prose = _single(parsed, "prose", log)
    for section, found, holds in (
        ("brief", brief, "title, languages, horizon"),
        ("prose", prose, "summary, highlights"),
    ):
        if found is None:
            log.add(
                Location(display_path(folder)),
                section,
                f"no file in the data folder has a '{section}:' section ({holds})",
            )
    if brief is None or prose is None:
        return None
    dataset = Dataset(folder=folder, brief=brief, labels=labels or Labels(), prose=prose)
    for section in ENTRY_SECTIONS:
        merged = [entry for _, content in parsed for entry in getattr(content, section)]
        setattr(dataset, section, merged)
    return dataset


def _single(parsed: list[tuple[YamlDocument, DataFile]], section: str, log: ProblemLog):
    found = [
        (doc, getattr(content, section))
        for doc, content in parsed
        if getattr(content, section) is not None
    ]
    for doc, _ in found[1:]:
        log.add(
            doc.locate((section,), key=True),
            section,
            f"'{section}' is already given in {found[0][0].file}; give it once",
        )
    return found[0][1] if found else None


def _digest(documents: list[YamlDocument]) -> str:
    """A fingerprint of the data as read, so a brief can say exactly which data made it."""
    digest = hashlib.sha256()
    for document in documents:
        digest.update(Path(document.file).name.encode() + b"\0" + document.raw + b"\0")
    return digest.hexdigest()
