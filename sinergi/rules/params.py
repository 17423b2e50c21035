"""Loads the dated legal parameters in ``sinergi/rules/parameters/**/*.yaml`` and answers ``value_at``.

Each file is one legal quantity. Its name is its path without ``.yaml`` (``pu/jp/wage_cap``). Shape::

    description: JP wage cap ...
    unit: rupiah            # rate | rupiah | count | months | days | working_days | day_of_month
                            # | text | boolean | list | date_list | schedule
    documentation: ...      # optional
    values:
      2016-03-01:           # the date the value takes effect
        value: 7335300      # null = repealed / no longer in force from this date
        reference: {regulation: PP 45/2015, article: Pasal 29 ayat (3)-(4), url: ...}
        confidence: C2      # C1 primary text, C2 two secondary sources, C3 one source, R recalled
        note: short explanation
        extra: {...}        # optional, free-form supporting data (e.g. the GDP growth behind a cap)

The files are read once per process (cached) and validated on load; a malformed file raises
:class:`~sinergi.rules.errors.ParameterFileError` naming the file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from sinergi.rules.errors import ParameterFileError, RulesError

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"
CONFIDENCES = ("C1", "C2", "C3", "R")
UNITS = ("rate", "rupiah", "count", "months", "days", "working_days", "day_of_month", "text", "boolean",
         "list", "date_list", "schedule")
_FILE_KEYS = {"description", "unit", "documentation", "values"}
_VALUE_KEYS = {"value", "reference", "confidence", "note", "extra"}
_REF_KEYS = {"regulation", "article", "url"}


@dataclass(frozen=True)
class Reference:
    regulation: str
    article: str
    url: str | None = None

    def __str__(self) -> str:
        if not self.article or self.article == "-":
            return self.regulation
        return f"{self.regulation} {self.article}"


@dataclass(frozen=True)
class ParameterValue:
    """One dated value of a parameter, with the law that set it."""

    name: str
    value: Any
    start: date
    end: date | None  # the day the next value takes effect (exclusive), None if open-ended
    reference: Reference
    confidence: str
    note: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def citation(self) -> str:
        return f"{self.reference} [{self.confidence}]"

    @property
    def in_force(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    documentation: str
    values: tuple[ParameterValue, ...]  # sorted by start

    def at(self, on: date) -> ParameterValue:
        starts = [v.start for v in self.values]
        index = bisect.bisect_right(starts, on) - 1
        if index < 0:
            raise RulesError("error_before_law", name=self.name, on=on.isoformat(),
                             start=self.values[0].start.isoformat())
        return self.values[index]

    def latest(self) -> ParameterValue:
        return self.values[-1]


def _convert(unit: str, raw: Any, where: str) -> Any:
    if raw is None:
        return None
    if unit in ("rate", "rupiah"):
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise ParameterFileError(f"{where}: {unit} value must be a number")
        value = Decimal(str(raw))
        if unit == "rate" and not Decimal(0) <= value <= Decimal(1):
            raise ParameterFileError(f"{where}: rate {value} outside [0, 1]")
        if unit == "rupiah" and (value < 0 or value != value.to_integral_value()):
            raise ParameterFileError(f"{where}: rupiah value must be a whole non-negative amount")
        return value
    if unit in ("count", "months", "days", "working_days", "day_of_month"):
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise ParameterFileError(f"{where}: {unit} value must be a non-negative integer")
        if unit == "day_of_month" and not 1 <= raw <= 31:
            raise ParameterFileError(f"{where}: day of month out of range")
        return raw
    if unit == "text":
        if not isinstance(raw, str):
            raise ParameterFileError(f"{where}: text value must be a string")
        return raw
    if unit == "boolean":
        if not isinstance(raw, bool):
            raise ParameterFileError(f"{where}: boolean value must be true or false")
        return raw
    if unit == "list":
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ParameterFileError(f"{where}: list value must be a list of strings")
        return tuple(raw)
    if unit == "date_list":
        if not isinstance(raw, list) or not all(isinstance(x, date) for x in raw):
            raise ParameterFileError(f"{where}: date_list value must be a list of dates")
        return tuple(sorted(raw))
    if unit == "schedule":
        if not isinstance(raw, list) or not raw:
            raise ParameterFileError(f"{where}: schedule must be a non-empty list")
        blocks = []
        for block in raw:
            if not isinstance(block, dict) or set(block) != {"months", "rate"}:
                raise ParameterFileError(f"{where}: schedule blocks need exactly 'months' and 'rate'")
            blocks.append((_convert("months", block["months"], where), _convert("rate", block["rate"], where)))
        return tuple(blocks)
    raise ParameterFileError(f"{where}: unknown unit {unit!r}")


def _load_file(path: Path, name: str) -> Parameter:
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParameterFileError(f"{where}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ParameterFileError(f"{where}: top level must be a mapping")
    unknown = set(data) - _FILE_KEYS
    missing = {"description", "unit", "values"} - set(data)
    if unknown or missing:
        raise ParameterFileError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    unit = data["unit"]
    if unit not in UNITS:
        raise ParameterFileError(f"{where}: unit must be one of {UNITS}")
    raw_values = data["values"]
    if not isinstance(raw_values, dict) or not raw_values:
        raise ParameterFileError(f"{where}: values must be a non-empty mapping of dates")
    entries = []
    for start, entry in raw_values.items():
        here = f"{where} [{start}]"
        if not isinstance(start, date):
            raise ParameterFileError(f"{here}: keys of values must be dates (YYYY-MM-DD)")
        if not isinstance(entry, dict) or set(entry) - _VALUE_KEYS or {"value", "reference", "confidence",
                                                                        "note"} - set(entry):
            raise ParameterFileError(f"{here}: needs value, reference, confidence, note (and optional extra)")
        ref = entry["reference"]
        if not isinstance(ref, dict) or set(ref) - _REF_KEYS or not {"regulation", "article"} <= set(ref):
            raise ParameterFileError(f"{here}: reference needs regulation and article (and optional url)")
        if entry["confidence"] not in CONFIDENCES:
            raise ParameterFileError(f"{here}: confidence must be one of {CONFIDENCES}")
        if not isinstance(entry["note"], str) or not entry["note"].strip():
            raise ParameterFileError(f"{here}: note must be a non-empty string")
        extra = entry.get("extra") or {}
        if not isinstance(extra, dict):
            raise ParameterFileError(f"{here}: extra must be a mapping")
        entries.append((start, _convert(unit, entry["value"], here), Reference(
            str(ref["regulation"]), str(ref["article"]), ref.get("url")), entry["confidence"],
            entry["note"].strip(), extra))
    entries.sort(key=lambda e: e[0])
    values = tuple(
        ParameterValue(name=name, value=value, start=start,
                       end=entries[i + 1][0] if i + 1 < len(entries) else None,
                       reference=ref, confidence=conf, note=note, extra=extra)
        for i, (start, value, ref, conf, note, extra) in enumerate(entries)
    )
    return Parameter(name=name, description=str(data["description"]), unit=unit,
                     documentation=str(data.get("documentation") or ""), values=values)


class ParameterStore:
    """All parameters of one directory tree, by name."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._parameters: dict[str, Parameter] = {}
        for path in sorted(root.rglob("*.yaml")):
            name = path.relative_to(root).with_suffix("").as_posix()
            self._parameters[name] = _load_file(path, name)
        if not self._parameters:
            raise ParameterFileError(f"{root}: no parameter files found")

    def names(self) -> list[str]:
        return sorted(self._parameters)

    def get(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise KeyError(f"unknown parameter {name!r}") from None

    def value_at(self, name: str, on: date) -> ParameterValue:
        return self.get(name).at(on)


@lru_cache(maxsize=4)
def load_parameters(root: str | None = None) -> ParameterStore:
    """The parameter store, read once per process (per root)."""
    return ParameterStore(Path(root) if root else PARAMETERS_DIR)


def value_at(name: str, on: date) -> ParameterValue:
    """The value of parameter ``name`` in force on ``on``, with its citation.

    Raises :class:`RulesError` (``error_before_law``) if ``on`` is before the first value. A repealed value
    is returned with ``value=None``; use :func:`require` when a value must be in force.
    """
    return load_parameters().value_at(name, on)


def require(name: str, on: date) -> ParameterValue:
    """Like :func:`value_at` but a repealed (null) value is an error too."""
    pv = value_at(name, on)
    if pv.value is None:
        raise RulesError("error_not_in_force", name=name, on=on.isoformat(), since=pv.start.isoformat())
    return pv


def latest(name: str) -> ParameterValue:
    return load_parameters().get(name).latest()
