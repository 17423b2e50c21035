"""Job kinds. An app declares its bulk work with ``@job_kind``; the worker and the CLI run it the same way.

A handler receives a ``JobContext`` and returns a dict of counts. It must be idempotent (running it again
with the same parameters changes nothing) and atomic in its writes (wrap them in ``transaction.atomic``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: object
    handler: Callable
    capability: str  # who may start it (see orgs.roles.CAPABILITIES)
    every: dt.timedelta | None = None  # run periodically: an idle worker queues it once per interval


_KINDS: dict[str, JobKind] = {}


def job_kind(kind: str, *, label, capability: str, every: dt.timedelta | None = None):
    def decorate(handler):
        _KINDS[kind] = JobKind(kind=kind, label=label, handler=handler, capability=capability, every=every)
        return handler

    return decorate


def get_kind(kind: str) -> JobKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"unknown job kind {kind!r}") from None


def label_for(kind: str) -> str:
    found = _KINDS.get(kind)
    return str(found.label) if found else kind


def all_kinds() -> list[JobKind]:
    return sorted(_KINDS.values(), key=lambda k: k.kind)
