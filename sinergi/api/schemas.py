"""Types every API schema shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import PlainSerializer, WithJsonSchema

# Rupiah as a decimal string with two places ("83109000.00"): exact, and what a partner's finance system
# parses without floating-point loss.
Money = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{Decimal(value):.2f}", return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal", "example": "83109000.00"}, mode="serialization"),
]


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
