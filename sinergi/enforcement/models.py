"""The enforcement ladder: compliance cases, their steps and letters, SKK to the prosecutors, handovers to
PUPN/KPKNL.

A ``Case`` is opened per employer from the receivables ledger (arrears) or from an inspection finding. Its
steps follow PP 86/2013 (rules.admin_sanction_schedule): written warnings 1 and 2 with a 10-working-day
deadline each, inspection, administrative fine, TMP2T recommendation; then referral to the prosecutors by a
Surat Kuasa Khusus (``Skk``) or, for bad receivables never handled by law enforcement, handover to PUPN
through a KPKNL (``PupnHandover`` / ``PupnCase``).

Visibility (sinergi.orgs.scoping): a case belongs to the employer's branch (its Kanwil sees it too); an SKK
is also seen by the Kejari it is addressed to (and so by that Kejari's Kejati); a PUPN handover by its
KPKNL (and so by the Kanwil DJKN). Partners never see the cases that were not handed to them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.registry.models import MONEY


class Case(models.Model):
    class Origin(models.TextChoices):
        ARREARS = "arrears", _("Tunggakan iuran")
        PWBD = "pwbd", _("PWBD (wajib daftar, belum terdaftar)")
        PDS_WAGE = "pds_upah", _("PDS upah")
        PDS_WORKERS = "pds_tk", _("PDS tenaga kerja")
        PDS_PROGRAMME = "pds_program", _("PDS program")

    class Stage(models.TextChoices):
        OPEN = "open", _("Dibuka")
        WARNING_1 = "warning_1", _("Surat Peringatan 1")
        WARNING_2 = "warning_2", _("Surat Peringatan 2")
        INSPECTION = "inspection", _("Pemeriksaan")
        FINE = "fine", _("Denda administratif")
        TMP2T = "tmp2t", _("Rekomendasi TMP2T")
        SKK = "skk", _("Diserahkan ke Kejaksaan (SKK)")
        PUPN = "pupn", _("Diserahkan ke PUPN/KPKNL")
        SETTLED = "settled", _("Selesai (patuh/lunas)")
        CLOSED = "closed", _("Ditutup")

    number = models.CharField(_("nomor kasus"), max_length=32, unique=True)
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="compliance_cases",
                                 verbose_name=_("pemberi kerja"))
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="compliance_cases",
                               verbose_name=_("kantor cabang"))
    origin = models.CharField(_("asal kasus"), max_length=12, choices=Origin.choices)
    stage = models.CharField(_("tahap"), max_length=12, choices=Stage.choices, default=Stage.OPEN, db_index=True)
    # Arrears (principal) or the potential contributions of the findings when the case was opened.
    amount = models.DecimalField(_("nilai"), default=0, **MONEY)
    months = models.PositiveIntegerField(_("bulan tunggakan"), default=0)
    next_action = models.CharField(_("langkah berikutnya"), max_length=32, blank=True)
    next_due = models.DateField(_("batas waktu langkah berikutnya"), null=True, blank=True, db_index=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("petugas"))
    opened_on = models.DateField(_("dibuka"))
    closed_on = models.DateField(_("ditutup"), null=True, blank=True)
    close_reason = models.TextField(_("alasan penutupan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kasus kepatuhan")
        verbose_name_plural = _("kasus kepatuhan")
        ordering = ["-opened_on", "-id"]
        constraints = [
            # At most one open case per employer: the ladder is one path, not parallel ones.
            models.UniqueConstraint(fields=["employer"], condition=Q(closed_on__isnull=True),
                                    name="enforcement_one_open_case"),
        ]
        indexes = [models.Index(fields=["branch", "stage"], name="enf_case_branch_stage_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.employer}"


class Finding(models.Model):
    """An inspection finding (PWBD, PDS upah/tenaga kerja/program) with its potential contributions."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(_("jenis temuan"), max_length=12, choices=Case.Origin.choices)
    description = models.TextField(_("uraian"))
    workers = models.PositiveIntegerField(_("tenaga kerja terkait"), default=0)
    amount = models.DecimalField(_("potensi iuran"), default=0, **MONEY)
    found_on = models.DateField(_("tanggal temuan"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("pemeriksa"))

    class Meta:
        verbose_name = _("temuan pemeriksaan")
        verbose_name_plural = _("temuan pemeriksaan")
        ordering = ["case", "found_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class Letter(models.Model):
    class Kind(models.TextChoices):
        WARNING_1 = "sp1", _("Surat Peringatan 1")
        WARNING_2 = "sp2", _("Surat Peringatan 2")
        TMP2T = "tmp2t", _("Surat rekomendasi TMP2T")
        SKK = "skk", _("Surat Kuasa Khusus")
        KPKNL = "pengantar_kpknl", _("Surat pengantar penyerahan ke KPKNL")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters", null=True, blank=True)
    handover = models.ForeignKey("PupnHandover", on_delete=models.PROTECT, related_name="letters", null=True,
                                 blank=True)
    kind = models.CharField(_("jenis surat"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("nomor surat"), max_length=64, unique=True)
    dated = models.DateField(_("tanggal surat"))
    file_path = models.CharField(_("berkas"), max_length=255)  # under settings.MEDIA_ROOT-like storage
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        ordering = ["-dated", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(case__isnull=False) | Q(handover__isnull=False),
                                   name="enforcement_letter_has_owner"),
        ]

    def __str__(self) -> str:
        return self.number


class Step(models.Model):
    """One step of a case's ladder: when it started, until when the employer has, when and how it ended."""

    class Kind(models.TextChoices):
        WARNING_1 = "warning_1", _("Surat Peringatan 1")
        WARNING_2 = "warning_2", _("Surat Peringatan 2")
        INSPECTION = "inspection", _("Pemeriksaan")
        FINE = "fine", _("Denda administratif")
        TMP2T = "tmp2t", _("Rekomendasi TMP2T ke Pemda")
        SKK = "skk", _("Penyerahan SKK ke Kejaksaan")
        PUPN = "pupn", _("Penyerahan ke PUPN/KPKNL")
        NOTE = "note", _("Catatan")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("langkah"), max_length=12, choices=Kind.choices)
    started_on = models.DateField(_("mulai"))
    due_on = models.DateField(_("batas waktu"), null=True, blank=True)
    done_on = models.DateField(_("selesai"), null=True, blank=True)
    outcome = models.TextField(_("hasil"), blank=True)
    amount = models.DecimalField(_("nilai"), null=True, blank=True, **MONEY)
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reference = models.CharField(_("dasar hukum"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("langkah penegakan")
        verbose_name_plural = _("langkah penegakan")
        ordering = ["case", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"


class Skk(models.Model):
    """A Surat Kuasa Khusus: BPJS empowers a Kejari (or Kejati) to recover one employer's arrears."""

    class Status(models.TextChoices):
        HANDED_OVER = "handed_over", _("Diserahkan")
        SUMMONED = "summoned", _("Pemanggilan")
        CLARIFICATION = "clarification", _("Klarifikasi")
        NEGOTIATION = "negotiation", _("Negosiasi")
        COMMITMENT = "commitment", _("Komitmen pembayaran")
        SETTLED = "settled", _("Selesai (berhasil)")
        FAILED = "failed", _("Tidak berhasil")
        RETURNED = "returned", _("Dikembalikan ke BPJS")

    class Obstacle(models.TextChoices):
        CLOSED = "closed", _("Perusahaan tutup")
        NOT_FOUND = "not_found", _("Perusahaan tidak ditemukan")
        REFUSES = "refuses", _("Menolak membayar")
        BANKRUPT = "bankrupt", _("Pailit")
        DISPUTES = "disputes", _("Membantah jumlah tunggakan")
        NO_FUNDS = "no_funds", _("Tidak mampu membayar")
        OTHER = "other", _("Lainnya")

    OPEN_STATUSES = ("handed_over", "summoned", "clarification", "negotiation", "commitment")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="skks", null=True, blank=True)
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="skks",
                                 verbose_name=_("pemberi kerja"))
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="skks_given",
                               verbose_name=_("kantor cabang pemberi kuasa"))
    kejari = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="skks_received",
                               verbose_name=_("Kejaksaan penerima kuasa"))
    number = models.CharField(_("nomor SKK"), max_length=64, unique=True)
    dated = models.DateField(_("tanggal SKK"), db_index=True)
    principal = models.DecimalField(_("iuran"), **MONEY)
    penalty = models.DecimalField(_("denda"), default=0, **MONEY)
    amount = models.DecimalField(_("nilai yang dikuasakan"), **MONEY)  # principal + penalty
    documents = models.JSONField(_("dokumen"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.HANDED_OVER,
                              db_index=True)
    obstacle = models.CharField(_("kendala"), max_length=10, choices=Obstacle.choices, blank=True)
    obstacle_note = models.TextField(_("keterangan kendala"), blank=True)
    settled_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    # From a legacy register: the recovery recorded there, counted in addition to ledger payments.
    legacy = models.BooleanField(_("data register lama"), default=False)
    legacy_realised = models.DecimalField(_("realisasi (register lama)"), default=0, **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SKK")
        verbose_name_plural = _("SKK")
        ordering = ["-dated", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount=models.F("principal") + models.F("penalty")),
                                   name="enforcement_skk_amount_sum"),
        ]
        indexes = [models.Index(fields=["kejari", "dated"], name="enf_skk_kejari_idx")]

    def __str__(self) -> str:
        return self.number


class SkkEvent(models.Model):
    """What the prosecutors did: summons, clarification, negotiation, commitment, outcome."""

    skk = models.ForeignKey(Skk, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(_("tahap"), max_length=14, choices=Skk.Status.choices)
    dated = models.DateField(_("tanggal"))
    note = models.TextField(_("catatan"), blank=True)
    obstacle = models.CharField(_("kendala"), max_length=10, choices=Skk.Obstacle.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tindak lanjut SKK")
        verbose_name_plural = _("tindak lanjut SKK")
        ordering = ["skk", "dated", "id"]

    def __str__(self) -> str:
        return f"{self.skk_id} {self.get_status_display()}"


class Instalment(models.Model):
    """One due amount of a payment commitment (a lump sum is one instalment)."""

    skk = models.ForeignKey(Skk, on_delete=models.PROTECT, related_name="instalments")
    sequence = models.PositiveSmallIntegerField(_("angsuran ke"))
    due_on = models.DateField(_("jatuh tempo"))
    amount = models.DecimalField(_("jumlah"), **MONEY)

    class Meta:
        verbose_name = _("angsuran")
        verbose_name_plural = _("angsuran")
        ordering = ["skk", "sequence"]
        constraints = [models.UniqueConstraint(fields=["skk", "sequence"], name="enforcement_instalment_seq")]

    def __str__(self) -> str:
        return f"{self.skk_id}#{self.sequence}"


class PupnHandover(models.Model):
    """A handover batch to one KPKNL: resume, documents, berita acara."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        HANDED_OVER = "handed_over", _("Diserahkan")

    number = models.CharField(_("nomor berita acara"), max_length=64, unique=True)
    kpknl = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="pupn_handovers",
                              verbose_name=_("KPKNL"))
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("unit BPJS penyerah"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    dated = models.DateField(_("tanggal penyerahan"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penyerahan piutang ke PUPN")
        verbose_name_plural = _("penyerahan piutang ke PUPN")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class PupnCase(models.Model):
    """One employer's receivable inside a handover, and the PUPN stage it has reached."""

    class Stage(models.TextChoices):
        SUBMITTED = "submitted", _("Diserahkan")
        SP3N = "sp3n", _("SP3N diterbitkan")
        REJECTED = "rejected", _("Ditolak/dikembalikan")
        SUMMONS = "summons", _("Surat panggilan")
        PERNYATAAN_BERSAMA = "pernyataan_bersama", _("Pernyataan Bersama")
        SURAT_PAKSA = "surat_paksa", _("Surat Paksa")
        SEIZURE = "seizure", _("Penyitaan")
        AUCTION = "auction", _("Lelang")
        PSBDT = "psbdt", _("PSBDT (piutang sementara belum dapat ditagih)")
        PAID = "paid", _("Lunas")

    handover = models.ForeignKey(PupnHandover, on_delete=models.PROTECT, related_name="cases")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="pupn_cases")
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="pupn_cases")
    principal = models.DecimalField(_("iuran"), **MONEY)
    penalty = models.DecimalField(_("denda"), default=0, **MONEY)
    amount = models.DecimalField(_("nilai diserahkan"), **MONEY)
    # The bills handed over (ids), so the ledger can show them as "diserahkan ke PUPN" without changing them.
    bill_ids = models.JSONField(default=list, blank=True)
    stage = models.CharField(_("tahap PUPN"), max_length=20, choices=Stage.choices, default=Stage.SUBMITTED,
                             db_index=True)
    recovered = models.DecimalField(_("pemulihan"), default=0, **MONEY)

    class Meta:
        verbose_name = _("berkas piutang PUPN")
        verbose_name_plural = _("berkas piutang PUPN")
        constraints = [
            models.UniqueConstraint(fields=["handover", "employer"], name="enforcement_pupn_employer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.handover_id} {self.employer_id}"


class PupnEvent(models.Model):
    pupn_case = models.ForeignKey(PupnCase, on_delete=models.PROTECT, related_name="events")
    stage = models.CharField(_("tahap"), max_length=20, choices=PupnCase.Stage.choices)
    dated = models.DateField(_("tanggal"))
    reference = models.CharField(_("nomor dokumen"), max_length=64, blank=True)
    amount = models.DecimalField(_("jumlah diterima"), default=0, **MONEY)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tahapan PUPN")
        verbose_name_plural = _("tahapan PUPN")
        ordering = ["pupn_case", "dated", "id"]

    def __str__(self) -> str:
        return f"{self.pupn_case_id} {self.get_stage_display()}"


class LegacyImport(models.Model):
    """A legacy SKK register loaded from a spreadsheet (idempotent by file hash and SKK number)."""

    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    counts = models.JSONField(_("ringkasan"), default=dict, blank=True)
    report_path = models.CharField(_("laporan per baris"), max_length=255, blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("impor register SKK")
        verbose_name_plural = _("impor register SKK")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


def _register_scopes() -> None:
    from sinergi.orgs.scoping import register

    register(Case, "branch", "skks__kejari", "pupn_cases__handover__kpknl", distinct=True)
    register(Finding, "case__branch")
    register(Step, "case__branch")
    register(Letter, "case__branch", "handover__branch", "case__skks__kejari", "handover__kpknl", distinct=True)
    register(Skk, "branch", "kejari")
    register(SkkEvent, "skk__branch", "skk__kejari")
    register(Instalment, "skk__branch", "skk__kejari")
    register(PupnHandover, "branch", "kpknl")
    register(PupnCase, "handover__branch", "handover__kpknl")
    register(PupnEvent, "pupn_case__handover__branch", "pupn_case__handover__kpknl")
    register(LegacyImport, "branch")


_register_scopes()
