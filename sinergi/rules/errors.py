"""Errors the rules raise for bad input. Each carries a message key so callers can show it in Indonesian
or English; ``str(error)`` is the Indonesian message."""

from __future__ import annotations

from typing import Any


class RulesError(ValueError):
    """Input the rules cannot compute with (bad period, negative wage, a date before the law existed)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("id"))

    def message(self, lang: str = "id") -> str:
        from sinergi.rules.texts import text

        return text(self.key, lang, **self.params)


class ParameterFileError(Exception):
    """A parameter YAML file does not have the expected shape. A programming error, not user input."""
