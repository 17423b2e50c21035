"""Claims (issue 14): a worker's or heirs' request for a benefit, from submission at a branch to payment.

A claim is scoped by the branch that registered it. Its amount is computed once, at submission, by the
rules package from the registry (the employment and its reported wage) and the receivables ledger (the
months paid, the employer's arrears at the event date); the lines of that computation, each with its
regulation, are kept in ``explanation`` so the screen shows what the officer verified and the approver
approved, even if a later payment changes the ledger.

Money is whole rupiah (``MONEY`` of the registry). Nothing is deleted: a claim ends paid or rejected.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sinergi.registry.models import MONEY


class Claim(models.Model):
    class Programme(models.TextChoices):
        JKK = "jkk", _("JKK (Jaminan Kecelakaan Kerja)")
        JKM = "jkm", _("JKM (Jaminan Kematian)")
        JHT = "jht", _("JHT (Jaminan Hari Tua)")
        JP = "jp", _("JP (Jaminan Pensiun)")
        JKP = "jkp", _("JKP (Jaminan Kehilangan Pekerjaan)")

    class Event(models.TextChoices):
        ACCIDENT = "accident", _("Kecelakaan kerja")
        ACCIDENT_DISABILITY = "accident_disability", _("Cacat total tetap akibat kecelakaan kerja")
        ACCIDENT_DEATH = "accident_death", _("Meninggal dunia akibat kecelakaan kerja")
        DEATH = "death", _("Meninggal dunia (bukan kecelakaan kerja)")
        DISMISSAL = "dismissal", _("Pemutusan hubungan kerja (PHK)")
        RESIGNATION = "resignation", _("Mengundurkan diri")
        RETIREMENT = "retirement", _("Mencapai usia pensiun")
        DISABILITY = "disability", _("Cacat total tetap")
        LEAVING_INDONESIA = "leaving_indonesia", _("Meninggalkan Indonesia untuk selamanya")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        DOCUMENTS_COMPLETE = "documents_complete", _("Dokumen lengkap")
        VERIFIED = "verified", _("Terverifikasi")
        APPROVED = "approved", _("Disetujui")
        PAID = "paid", _("Dibayar")
        REJECTED = "rejected", _("Ditolak")
        RETURNED = "returned", _("Dikembalikan untuk kelengkapan dokumen")

    class Rejection(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("Tidak memenuhi syarat menurut ketentuan")
        NOT_MEMBER = "not_member", _("Bukan peserta program pada tanggal kejadian")
        DOCUMENTS_INVALID = "documents_invalid", _("Dokumen tidak sah atau tidak sesuai")
        CLAIM_TOO_LATE = "claim_too_late", _("Melewati batas waktu pengajuan")
        DUPLICATE = "duplicate", _("Klaim ganda untuk kejadian yang sama")
        WITHDRAWN = "withdrawn", _("Dicabut oleh pemohon")

    class Relationship(models.TextChoices):
        SELF = "self", _("Peserta sendiri")
        SPOUSE = "spouse", _("Suami/istri")
        CHILD = "child", _("Anak")
        PARENT = "parent", _("Orang tua")
        OTHER_HEIR = "other_heir", _("Ahli waris lain")

    class PhkReason(models.TextChoices):
        # The reasons JKP pays for, and those PP 37/2021 Pasal 20 excludes (the rules check the latter; the
        # codes of the excluded ones are those of benefits/jkp/excluded_reasons).
        EFFICIENCY = "efficiency", _("Efisiensi / pengurangan pegawai")
        COMPANY_CLOSED = "company_closed", _("Perusahaan tutup")
        RESTRUCTURING = "restructuring", _("Penggabungan, peleburan, pengambilalihan")
        OTHER = "other", _("Alasan PHK lain")
        RESIGNATION = "resignation", _("Mengundurkan diri")
        PKWT_END = "pkwt_end", _("Berakhirnya PKWT")

    # The statuses in which a claim still stands for its event: a second claim for it is a duplicate.
    OPEN_STATUSES = ("submitted", "documents_complete", "verified", "approved", "returned")

    number = models.CharField(_("nomor klaim"), max_length=40, unique=True)
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="claims",
                               verbose_name=_("kantor cabang"))
    worker = models.ForeignKey("registry.Worker", on_delete=models.PROTECT, related_name="claims",
                               verbose_name=_("tenaga kerja"))
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="claims", verbose_name=_("pemberi kerja"))
    employment = models.ForeignKey("registry.Employment", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="claims")
    programme = models.CharField(_("program"), max_length=3, choices=Programme.choices)
    event = models.CharField(_("kejadian"), max_length=20, choices=Event.choices)
    event_date = models.DateField(_("tanggal kejadian"))
    submitted_on = models.DateField(_("tanggal pengajuan"))
    phk_letter_date = models.DateField(_("tanggal surat PHK"), null=True, blank=True)
    phk_reason = models.CharField(_("alasan PHK"), max_length=20, choices=PhkReason.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    claimant_name = models.CharField(_("nama pemohon"), max_length=200)
    claimant_relationship = models.CharField(_("hubungan dengan peserta"), max_length=12,
                                             choices=Relationship.choices, default=Relationship.SELF)
    bank_name = models.CharField(_("nama bank"), max_length=100)
    bank_account = models.CharField(_("nomor rekening"), max_length=34)
    eligible = models.BooleanField(_("memenuhi syarat"), default=False)
    amount = models.DecimalField(_("nilai manfaat"), default=0, **MONEY)
    payer = models.CharField(_("pembayar manfaat"), max_length=10, default="bpjs")
    # The rules' result as shown: lines (each with its regulation), reasons, assumptions, and the ledger
    # figures they were computed from.
    explanation = models.JSONField(_("rincian perhitungan"), default=dict, blank=True)
    employer_arrears = models.DecimalField(_("tunggakan pemberi kerja pada tanggal kejadian"), default=0, **MONEY)
    employer_arrears_months = models.PositiveIntegerField(_("bulan tunggakan pada tanggal kejadian"), default=0)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("diverifikasi oleh"))
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("disetujui oleh"))
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    rejection_reason = models.CharField(_("alasan penolakan"), max_length=20, choices=Rejection.choices,
                                        blank=True)
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    payment_reference = models.CharField(_("referensi pembayaran"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("klaim")
        verbose_name_plural = _("klaim")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            # One claim stands for one event: a rejected claim does not block a new one, anything else does.
            models.UniqueConstraint(fields=["worker", "programme", "event_date"],
                                    condition=Q(status__in=("submitted", "documents_complete", "verified",
                                                            "approved", "returned", "paid")),
                                    name="claim_one_per_event"),
            # Maker-checker: the officer who verified a claim does not approve it.
            models.CheckConstraint(condition=Q(verified_by__isnull=True) | Q(approved_by__isnull=True)
                                   | ~Q(verified_by=F("approved_by")), name="claim_verifier_not_approver"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_amount_non_negative"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                                   name="claim_rejection_has_reason"),
        ]
        indexes = [models.Index(fields=["branch", "status"], name="claim_branch_status_idx"),
                   models.Index(fields=["submitted_on"], name="claim_submitted_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def bank_account_masked(self) -> str:
        """The last four digits only, for roles that do not pay claims."""
        tail = self.bank_account[-4:]
        return f"{'*' * max(len(self.bank_account) - 4, 4)}{tail}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ClaimDocument(models.Model):
    """One item of the claim's checklist (``claims.documents``), copied at submission."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="documents")
    code = models.CharField(max_length=30)
    label = models.CharField(_("dokumen"), max_length=200)
    received = models.BooleanField(_("diterima dan sesuai"), default=False)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dokumen klaim")
        verbose_name_plural = _("dokumen klaim")
        ordering = ["claim", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "code"], name="claimdocument_once_per_claim")]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.code}"


class ClaimEvent(models.Model):
    """One step of a claim's history, as the detail page shows it (the audit trail holds the full record)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        DOCUMENTS = "documents", _("Pemeriksaan dokumen")
        DOCUMENTS_COMPLETE = "documents_complete", _("Dokumen lengkap")
        VERIFIED = "verified", _("Diverifikasi")
        APPROVED = "approved", _("Disetujui")
        PAID = "paid", _("Pembayaran")
        HELD = "held", _("Pembayaran ditahan")
        REJECTED = "rejected", _("Ditolak")
        RETURNED = "returned", _("Dikembalikan")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("riwayat klaim")
        verbose_name_plural = _("riwayat klaim")
        ordering = ["claim", "at", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind}"


class JkpBenefitMonth(models.Model):
    """One month of an approved JKP claim's cash benefit (PP 37/2021 Pasal 21, as amended by PP 6/2025)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Terjadwal")
        PAID = "paid", _("Dibayar")
        HELD = "held", _("Ditahan")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="jkp_months")
    month = models.PositiveSmallIntegerField(_("bulan ke"))
    rate = models.DecimalField(_("persentase upah"), max_digits=6, decimal_places=4)
    amount = models.DecimalField(_("jumlah"), **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    reference = models.CharField(_("referensi"), max_length=64, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("manfaat bulanan JKP")
        verbose_name_plural = _("manfaat bulanan JKP")
        ordering = ["claim", "month"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "month"], name="jkpmonth_once_per_claim"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=6), name="jkpmonth_month_range"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="jkpmonth_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} #{self.month}"


def _register_scopes() -> None:
    from sinergi.orgs.scoping import register

    register(Claim, "branch")
    register(ClaimDocument, "claim__branch")
    register(ClaimEvent, "claim__branch")
    register(JkpBenefitMonth, "claim__branch")


_register_scopes()
