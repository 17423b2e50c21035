"""Uploaded files handed to the worker: stored on disk, never held in memory, read by the job by path.

    path = upload_store(file=request.FILES["file"], actor=request.user)
    job = job_enqueue(kind="registry.import", params={"path": str(path), ...}, actor=request.user)

The web process and the worker share ``settings.VAR_DIR``; each upload gets its own folder
(``uploads/<uuid>/<safe name>``), so two people uploading ``data.csv`` at once never overwrite each other
and the import's report still names the file as the user knows it.
"""

from __future__ import annotations

import logging
import re
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.formatting import format_number

log = logging.getLogger("sinergi.web")

# The same limit as the registry import's reader (``registry.tables.MAX_BYTES``): a bigger file would be
# refused there anyway, after the upload had filled the disk.
MAX_BYTES = 200 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")


def _megabytes(size: int) -> str:
    return format_number(max(1, -(-size // (1024 * 1024))))


def upload_check(file) -> None:
    """Refuse, with an Indonesian message, what no import reads: other file types and files over the limit."""
    name = Path(getattr(file, "name", "") or "").name
    if Path(name).suffix.lower() not in EXTENSIONS:
        raise ValidationError(
            _("Berkas %(name)s tidak dapat diimpor: hanya berkas CSV (.csv) atau Excel (.xlsx) yang diterima.")
            % {"name": name or _("tanpa nama")}, code="file_type")
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_too_big(size), code="file_size")


def _too_big(size: int) -> str:
    return _("Berkas berukuran %(size)s MB, melebihi batas %(limit)s MB. Pecah berkas menjadi beberapa bagian "
             "lalu unggah satu per satu.") % {"size": _megabytes(size), "limit": _megabytes(MAX_BYTES)}


def safe_name(name: str) -> str:
    """The file's own name without folders or characters a shell or a report would trip over."""
    base = Path(name or "").name
    suffix = Path(base).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(base).stem).strip("_")[:100]
    return f"{stem or 'berkas'}{suffix}"


def upload_store(*, file, actor) -> Path:
    """Stream ``file`` (a Django ``UploadedFile``) to ``VAR_DIR/uploads/<uuid>/<safe name>`` and return the
    absolute path. Raises ``ValidationError`` for a refused file; nothing is left on disk then."""
    upload_check(file)
    folder = Path(settings.VAR_DIR).resolve() / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    target = folder / safe_name(file.name)
    written = 0
    try:
        with target.open("xb") as out:
            for chunk in file.chunks():
                written += len(chunk)
                if written > MAX_BYTES:  # the reported size is the handler's count, but never trust it alone
                    raise ValidationError(_too_big(written), code="file_size")
                out.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    log.info("upload %s (%s bytes) stored as %s for %s", Path(file.name).name, written, target,
             getattr(actor, "username", "") or "sistem")
    return target


def uploads_cleanup(*, older_than_days: int, now=None) -> dict:
    """Delete upload folders older than ``older_than_days`` unless a queued or running job still names a
    file inside them. The jobs keep their own reports; the uploaded originals are only needed until the
    import has run (and for a retry of a failed one, hence the retention period)."""
    import datetime as dt

    from sinergi.jobs.models import Job

    root = Path(settings.VAR_DIR) / "uploads"
    if not root.is_dir():
        return {"removed": 0, "kept": 0}
    now = now or clock.now()
    limit = (now - dt.timedelta(days=older_than_days)).timestamp()
    in_use = {str(Path(job.params.get("path", "")).parent) for job in Job.objects.filter(status__in=Job.ACTIVE)
              if isinstance(job.params, dict) and job.params.get("path")}
    removed = kept = 0
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        if folder.stat().st_mtime < limit and str(folder) not in in_use:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        else:
            kept += 1
    return {"removed": removed, "kept": kept}
