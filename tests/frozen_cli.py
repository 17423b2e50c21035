"""``python -m tests.frozen_cli ARGS``: the ``sinergi`` command with the clock of ``SINERGI_TODAY``, for the
tests that run the command in a subprocess (see :mod:`tests.dates`). Without the variable it is the plain
command."""

from __future__ import annotations

import sys

from tests.dates import freeze_from_environment

if __name__ == "__main__":
    freeze_from_environment()
    from sinergi.cli import main

    sys.exit(main())
