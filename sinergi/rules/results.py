"""Result shapes shared by the rules: trace steps, lines, and a JSON-friendly conversion."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from sinergi.rules.params import ParameterValue
from sinergi.rules.periods import Period


@dataclasses.dataclass(frozen=True)
class TraceStep:
    """One step of an explanation: what was done, the value it produced, and the law behind it."""

    description: str
    value: Any = None
    parameter: str | None = None
    reference: str | None = None

    @classmethod
    def of(cls, description: str, pv: ParameterValue, value: Any = None) -> TraceStep:
        return cls(description=description, value=pv.value if value is None else value,
                   parameter=pv.name, reference=pv.citation)


@dataclasses.dataclass(frozen=True)
class Line:
    """One contribution line: ``amount = round_rupiah(base × rate)``."""

    programme: str
    payer: str
    base: Decimal
    rate: Decimal
    amount: Decimal
    reference: str
    parameters: tuple[str, ...] = ()


def to_jsonable(obj: Any) -> Any:
    """Decimals as strings, dates ISO, dataclasses as dicts, tuples as lists."""
    if isinstance(obj, Decimal):
        return format(obj, "f")
    if isinstance(obj, Period):
        return str(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Enum):
        return obj.value
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    return obj
