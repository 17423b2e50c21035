from __future__ import annotations

import datetime as dt
import os

from django.test import override_settings

from sinergi import clock
from sinergi.jobs.models import Job
from sinergi.jobs.services import idempotency_key_for
from sinergi.web.uploads import uploads_cleanup


def _upload(root, name: str, age_days: int):
    folder = root / "uploads" / name
    folder.mkdir(parents=True)
    (folder / "data.csv").write_text("NPP\n12345678\n")
    old = (clock.now() - dt.timedelta(days=age_days)).timestamp()
    os.utime(folder, (old, old))
    return folder


def test_old_uploads_go_unless_a_waiting_job_still_needs_them(tmp_path, db):
    with override_settings(VAR_DIR=tmp_path):
        old = _upload(tmp_path, "lama", 40)
        fresh = _upload(tmp_path, "baru", 2)
        waiting = _upload(tmp_path, "menunggu", 40)
        params = {"path": str(waiting / "data.csv"), "kind": "employers"}
        Job.objects.create(kind="registry.import", params=params,
                           idempotency_key=idempotency_key_for("registry.import", params))
        assert uploads_cleanup(older_than_days=30) == {"removed": 1, "kept": 2}
        assert not old.exists() and fresh.exists() and waiting.exists()
