"""Persistent job records. A job is queued by the web or the CLI and run by `sinergi worker`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        SUCCEEDED = "succeeded", _("Selesai")
        FAILED = "failed", _("Gagal")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("jenis"), max_length=64, db_index=True)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    # Two requests for the same work (same kind and parameters) while one is queued or running get the
    # same job back, so a double click or a repeated command never runs the work twice at once.
    idempotency_key = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(null=True, blank=True)
    message = models.CharField(_("keterangan"), max_length=255, blank=True)
    counts = models.JSONField(_("hitungan"), default=dict, blank=True)
    files = models.JSONField(_("berkas hasil"), default=list, blank=True)
    error = models.TextField(_("galat"), blank=True)
    error_detail = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("pekerjaan")
        verbose_name_plural = _("pekerjaan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], condition=Q(status__in=["queued", "running"]),
                name="job_one_active_per_key",
            ),
            models.CheckConstraint(condition=Q(progress_done__gte=0), name="job_progress_non_negative"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="job_queue_idx")]

    def __str__(self) -> str:
        from sinergi.jobs.registry import label_for

        return f"{label_for(self.kind)} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, int(self.progress_done * 100 / self.progress_total))

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


def _register_scope() -> None:
    from sinergi.orgs.scoping import register

    register(Job, "org_unit", user_paths=("created_by",))


_register_scope()
