"""The receivables ledger: bills per employer and month with lines per programme and payer, payments and
their allocations, and the monthly collectibility snapshots.

A bill's lines never change: a wage correction for a billed month adds an adjustment line (positive or
negative) in a later run, and a wrong payment is reversed, not deleted. So the ledger can always say what
it knew on a given day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.registry.models import MONEY


class Programme(models.TextChoices):
    JKK = "JKK", "JKK"
    JKM = "JKM", "JKM"
    JHT = "JHT", "JHT"
    JP = "JP", "JP"
    JKP = "JKP", "JKP"


class Payer(models.TextChoices):
    EMPLOYER = "employer", _("Pemberi kerja")
    WORKER = "worker", _("Pekerja")
    # A Pemda paying BPU contributions for a vulnerable-worker programme through its wadah employer
    # (sinergi.rentan.payments.services): not billed by the billing run, and BPU contributions carry no denda.
    PEMDA = "pemda", _("Pemerintah daerah (APBD)")


class BillingRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Berjalan")
        SUCCEEDED = "succeeded", _("Selesai")
        FAILED = "failed", _("Gagal")

    period = models.DateField(_("periode"), help_text=_("Hari pertama bulan iuran."))
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("kantor cabang"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    counts = models.JSONField(_("hitungan"), default=dict, blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", help_text="the unit that ran it (for scoping)")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proses penagihan")
        verbose_name_plural = _("proses penagihan")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} ({self.get_status_display()})"


class Bill(models.Model):
    """What one employer owes for one contribution month (penetapan iuran)."""

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="bills",
                                 verbose_name=_("pemberi kerja"))
    period = models.DateField(_("periode"))
    due_date = models.DateField(_("jatuh tempo"))
    # Sum of the lines, kept in step by the billing run in the same statement that writes them.
    principal = models.DecimalField(_("iuran"), default=0, **MONEY)
    created_run = models.ForeignKey(BillingRun, on_delete=models.PROTECT, related_name="bills")

    class Meta:
        verbose_name = _("tagihan iuran")
        verbose_name_plural = _("tagihan iuran")
        ordering = ["employer", "period"]
        constraints = [models.UniqueConstraint(fields=["employer", "period"], name="bill_one_per_employer_period")]
        indexes = [models.Index(fields=["period", "employer"], name="bill_period_idx")]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.period:%Y-%m}"


class BillLine(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Iuran")
        ADJUSTMENT = "adjustment", _("Koreksi")

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="lines")
    run = models.ForeignKey(BillingRun, on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    programme = models.CharField(max_length=3, choices=Programme.choices)
    payer = models.CharField(max_length=8, choices=Payer.choices)
    # Adjustment lines carry differences, so workers and base may be negative there.
    workers = models.IntegerField(_("jumlah tenaga kerja"), default=0)
    base = models.DecimalField(_("dasar upah"), **MONEY)
    rate = models.DecimalField(_("tarif"), max_digits=12, decimal_places=8)
    amount = models.DecimalField(_("jumlah"), **MONEY)
    reference = models.CharField(_("dasar hukum"), max_length=255)

    class Meta:
        verbose_name = _("rincian tagihan")
        verbose_name_plural = _("rincian tagihan")
        constraints = [
            models.UniqueConstraint(fields=["bill", "run", "programme", "payer"], name="billline_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.programme}/{self.payer} {self.amount}"


class Payment(models.Model):
    class Channel(models.TextChoices):
        BANK_FILE = "bank_file", _("Berkas bank")
        MANUAL = "manual", _("Input manual")
        PARTNER = "partner", _("Setoran mitra")

    class Status(models.TextChoices):
        POSTED = "posted", _("Dibukukan")
        REVERSED = "reversed", _("Dibatalkan")

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="payments",
                                 verbose_name=_("pemberi kerja"))
    amount = models.DecimalField(_("jumlah"), **MONEY)
    paid_on = models.DateField(_("tanggal bayar"))
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices, default=Channel.MANUAL)
    # The bank's or partner's own reference: the same reference twice is the same payment (idempotency).
    reference = models.CharField(_("referensi"), max_length=64)
    payment_code = models.CharField(_("kode pembayaran"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.POSTED)
    reversal_reason = models.TextField(_("alasan pembatalan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "reference"], name="payment_reference_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
        ]
        indexes = [models.Index(fields=["employer", "paid_on"], name="payment_employer_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class Allocation(models.Model):
    """A part of a payment applied to one bill's principal (per programme) or to its penalty."""

    class Component(models.TextChoices):
        PRINCIPAL = "principal", _("Iuran")
        PENALTY = "penalty", _("Denda")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="allocations")
    component = models.CharField(max_length=10, choices=Component.choices)
    programme = models.CharField(max_length=3, choices=Programme.choices, blank=True)
    amount = models.DecimalField(_("jumlah"), **MONEY)
    reversed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alokasi pembayaran")
        verbose_name_plural = _("alokasi pembayaran")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_positive")]
        indexes = [models.Index(fields=["bill", "component"], name="allocation_bill_idx")]

    def __str__(self) -> str:
        return f"{self.component} {self.amount}"


class CollectibilitySnapshot(models.Model):
    """An employer's collectibility at the end of a month, for trends and transitions (lancar → macet)."""

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="collectibility")
    month = models.DateField(_("bulan"))
    klass = models.CharField(_("kolektibilitas"), max_length=14)
    scheme = models.CharField(max_length=10)
    months_overdue = models.PositiveIntegerField(default=0)
    outstanding = models.DecimalField(_("tunggakan"), **MONEY)

    class Meta:
        verbose_name = _("riwayat kolektibilitas")
        verbose_name_plural = _("riwayat kolektibilitas")
        constraints = [models.UniqueConstraint(fields=["employer", "month"], name="collectibility_once_per_month")]
        indexes = [models.Index(fields=["month", "klass"], name="collectibility_month_idx")]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.month:%Y-%m} {self.klass}"


def _register_scopes() -> None:
    from sinergi.orgs.scoping import register

    register(BillingRun, "branch", "org_unit")
    register(Bill, "employer__branch")
    register(BillLine, "bill__employer__branch")
    register(Payment, "employer__branch")
    register(Allocation, "payment__employer__branch")
    register(CollectibilitySnapshot, "employer__branch")
    register(EmployerSummary, "employer__branch")



class EmployerSummary(models.Model):
    """An employer's current position, stored so that lists can sort and filter by it at Kanwil scale.

    Derived data: recomputed set-wise from the ledger (``receivables.summaries``) by every billing run and
    payment allocation for the employers they touch, and for everyone once a day by the worker, since a
    bill falls due by the calendar alone. ``computed_on`` says which day its arrears and class are of.
    """

    employer = models.OneToOneField("registry.Employer", on_delete=models.CASCADE, primary_key=True,
                                    related_name="summary")
    billed = models.DecimalField(_("iuran ditagih"), **MONEY)
    paid = models.DecimalField(_("iuran dibayar"), **MONEY)
    outstanding = models.DecimalField(_("sisa iuran"), **MONEY)
    # Principal outstanding on bills already due on computed_on: the arrears (tunggakan).
    arrears = models.DecimalField(_("tunggakan"), **MONEY, db_index=True)
    unpaid_bills = models.PositiveIntegerField(_("bulan belum lunas"), default=0, db_index=True)
    oldest_unpaid_due = models.DateField(_("jatuh tempo tertua yang belum lunas"), null=True, blank=True)
    months_overdue = models.PositiveIntegerField(_("bulan tunggakan"), default=0)
    klass = models.CharField(_("kolektibilitas"), max_length=14, db_index=True)
    workers = models.PositiveIntegerField(_("tenaga kerja aktif"), default=0)
    computed_on = models.DateField(_("dihitung per"))

    class Meta:
        verbose_name = _("posisi piutang pemberi kerja")
        verbose_name_plural = _("posisi piutang pemberi kerja")

    def __str__(self) -> str:
        return f"{self.employer_id} {self.klass} {self.arrears}"


_register_scopes()
