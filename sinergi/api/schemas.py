"""Types every API schema shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field, PlainSerializer, WithJsonSchema

# Rupiah as a decimal string with two places ("83109000.00"): exact, and what a partner's finance system
# parses without floating-point loss.
Money = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{Decimal(value):.2f}", return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal", "example": "83109000.00"}, mode="serialization"),
]

# Rupiah sent by a partner: a decimal string of whole rupiah, or with two places ("83109000", "83109000.00").
AMOUNT_PATTERN = r"^[0-9]{1,16}([.][0-9]{1,2})?$"
MoneyIn = Annotated[
    Decimal,
    Field(ge=0, max_digits=18, decimal_places=2),
    WithJsonSchema({"type": "string", "pattern": AMOUNT_PATTERN, "example": "5000000"}, mode="validation"),
]
# A positive amount: at least one whole rupiah.
POSITIVE_AMOUNT_PATTERN = r"^0*[1-9][0-9]{0,15}([.][0-9]{1,2})?$"
PositiveMoneyIn = Annotated[
    Decimal,
    Field(gt=0, max_digits=18, decimal_places=2),
    WithJsonSchema({"type": "string", "pattern": POSITIVE_AMOUNT_PATTERN, "example": "5000000"}, mode="validation"),
]
# Years a filter may name, and a list cursor (an id): bounded, so no value reaches the database as an error.
Year = Annotated[int, Field(ge=1990, le=2100)]
Cursor = Annotated[int, Field(ge=0, le=9_223_372_036_854_775_807)]


class ProblemError(Schema):
    location: str
    message: str


class Problem(Schema):
    """An error as RFC 9457 problem details (``application/problem+json``), in Indonesian."""

    type: str
    title: str
    status: int
    instance: str
    detail: str = ""
    errors: list[ProblemError] = []


def answers(ok, status: int = 200, *more: int) -> dict:
    """The answers an operation documents: its own (``status``: ``ok``, and any ``more`` statuses with the same
    body), and the problem details every endpoint may give — a body that is not JSON (400), no token (401), a role without the capability
    (403), a record outside the person's scope (404), a request or a write refused (422), too many requests
    (429)."""
    documented = {status: ok, **{code: ok for code in more}}
    return {**documented, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


class EmployerNamed(Schema):
    """For an answer about one employer's record (an SKK, a PUPN case): ``npp`` and ``employer`` (its name) from
    the record's employer. The subclass declares the two fields where they belong in its order."""

    @staticmethod
    def resolve_npp(obj) -> str:
        return obj.employer.npp

    @staticmethod
    def resolve_employer(obj) -> str:
        return obj.employer.name


class WithEvents(Schema):
    """For a detail with a timeline: ``events`` (the record's ``events``), oldest first."""

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.order_by("dated", "pk"))
