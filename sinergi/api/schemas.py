"""Types every API schema shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema

# Rupiah as a decimal string with two places ("83109000.00"): exact, and what a partner's finance system
# parses without floating-point loss.
Money = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{Decimal(value):.2f}", return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal", "example": "83109000.00"}, mode="serialization"),
]
