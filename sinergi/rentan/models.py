"""Vulnerable-worker programmes (pekerja rentan): a Pemda pays JKK + JKM (optionally JHT) for people of the
DTKS list from its APBD.

The flow (seed 004, Kutai Kartanegara): Dinsos hands over the DTKS file → an import batch stages, validates
and deduplicates every row (``Candidate``, one status per row) → valid rows are routed to an OPD by
occupation and verified there → Dinsos corrects what needs correcting → Disnaker approves (maker-checker)
and the approved people are enrolled as BPU participants funded by the programme → each month a payment
batch with one kode iuran per budget line goes to BPKD, which pays (SP2D) → BPJS reconciles the payment.

Visibility: the programme is seen by its Pemda and the Pemda's units (owner Disnaker, Dinsos, BPKD, the OPDs
of the routing table) and by the BPJS branch that serves the regency. A candidate row is seen by the
programme's owner, data unit, Pemda and branch, and by the one OPD it is routed to — so Dishub's verifier
never sees Disbun's queue.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.registry.models import MONEY


class Programme(models.Model):
    class LegalBasis(models.TextChoices):
        PERDA = "perda", _("Peraturan Daerah")
        PERGUB = "pergub", _("Peraturan Gubernur")
        PERBUP = "perbup", _("Peraturan Bupati")
        PERWALI = "perwali", _("Peraturan Wali Kota")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        ACTIVE = "active", _("Berjalan")
        CLOSED = "closed", _("Selesai")

    code = models.SlugField(_("kode program"), max_length=32, unique=True)
    name = models.CharField(_("nama program"), max_length=200)
    pemda = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="rentan_programmes",
                              verbose_name=_("pemerintah daerah"))
    owner = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("pemilik program (Disnaker)"))
    data_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("pengelola data (Dinsos)"))
    treasury = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("BPKD (bendahara umum daerah)"))
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("kantor cabang BPJS Ketenagakerjaan"))
    # The wadah under which BPJS registers the programme's BPU participants; payments post to its ledger.
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("NPP wadah program"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("wilayah program"))
    legal_basis_type = models.CharField(_("jenis dasar hukum"), max_length=8, choices=LegalBasis.choices)
    legal_basis_number = models.CharField(_("nomor"), max_length=40)
    legal_basis_year = models.PositiveSmallIntegerField(_("tahun"))
    period_start = models.DateField(_("mulai"), help_text=_("Hari pertama bulan pertama yang dibiayai."))
    period_end = models.DateField(_("berakhir"), help_text=_("Hari pertama bulan terakhir yang dibiayai."))
    jht = models.BooleanField(_("termasuk JHT"), default=False)
    declared_income = models.DecimalField(_("penghasilan yang dilaporkan"), **MONEY)
    quota = models.PositiveIntegerField(_("kuota peserta"))
    age_min = models.PositiveSmallIntegerField(_("usia minimal"))
    age_max = models.PositiveSmallIntegerField(_("usia maksimal"))
    # Occupation categories (``OccupationRoute.Category`` values) that are eligible; empty = all.
    eligible_categories = models.JSONField(_("kategori pekerjaan yang layak"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program pekerja rentan")
        verbose_name_plural = _("program pekerja rentan")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(age_min__lte=models.F("age_max")), name="rentan_age_band"),
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")),
                                   name="rentan_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def legal_basis(self) -> str:
        return f"{self.get_legal_basis_type_display()} Nomor {self.legal_basis_number} Tahun {self.legal_basis_year}"


class BudgetLine(models.Model):
    """One APBD account that pays one programme component (kode rekening, e.g. the JKK account of the
    APBD or of the APBD-Perubahan)."""

    class Source(models.TextChoices):
        APBD = "apbd", _("APBD murni")
        APBD_P = "apbd_p", _("APBD Perubahan")

    class Account(models.TextChoices):
        JKK = "JKK", "JKK"
        JKM = "JKM", "JKM"
        JHT = "JHT", "JHT"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="budget_lines")
    source = models.CharField(_("sumber anggaran"), max_length=8, choices=Source.choices)
    account = models.CharField(_("akun program"), max_length=3, choices=Account.choices)
    code = models.CharField(_("kode rekening"), max_length=64)
    name = models.CharField(_("uraian"), max_length=200)
    amount = models.DecimalField(_("pagu"), **MONEY)
    # Index of this line in the programme (1–9), part of its kode iuran.
    number = models.PositiveSmallIntegerField(_("nomor urut"))

    class Meta:
        verbose_name = _("mata anggaran")
        verbose_name_plural = _("mata anggaran")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="rentan_budget_line_number"),
            models.UniqueConstraint(fields=["programme", "code"], name="rentan_budget_line_code"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="rentan_budget_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OccupationRoute(models.Model):
    """Occupation → OPD routing: which OPD verifies people of an occupation category (seed 004)."""

    class Category(models.TextChoices):
        FARMER = "farmer", _("Petani/pekebun")
        FISHER = "fisher", _("Nelayan/pembudidaya ikan")
        TRANSPORT = "transport", _("Ojek/sopir/motoris")
        CLEANER = "cleaner", _("Pemulung/petugas kebersihan")
        RELIGIOUS = "religious", _("Marbot/guru ngaji/penjaga makam")
        OTHER = "other", _("Lainnya")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="routes")
    category = models.CharField(_("kategori"), max_length=10, choices=Category.choices)
    # Lower-case words that put a stated occupation in this category ("petani", "pekebun", "buruh tani").
    keywords = models.JSONField(_("kata kunci"), default=list, blank=True)
    opd = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="rentan_routes",
                            verbose_name=_("OPD verifikator"))

    class Meta:
        verbose_name = _("rute verifikasi")
        verbose_name_plural = _("rute verifikasi")
        constraints = [models.UniqueConstraint(fields=["programme", "category"], name="rentan_route_category")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.opd}"


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Diproses")
        DONE = "done", _("Selesai")
        REFUSED = "refused", _("Ditolak")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="batches")
    number = models.PositiveIntegerField(_("nomor batch"))
    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.RUNNING)
    refusal = models.TextField(_("alasan penolakan"), blank=True)
    counts = models.JSONField(_("ringkasan"), default=dict, blank=True)
    report_path = models.CharField(_("laporan per baris"), max_length=255, blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("batch impor DTKS")
        verbose_name_plural = _("batch impor DTKS")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="rentan_batch_number")]

    def __str__(self) -> str:
        return f"{self.programme.code} #{self.number}"


class Candidate(models.Model):
    """One row of an imported DTKS file and where it stands: import status, verification, enrolment."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        INVALID = "invalid", _("Tidak valid")
        DUPLICATE_IN_FILE = "duplicate_in_file", _("Ganda dalam berkas")
        DUPLICATE_IN_PROGRAMME = "duplicate_in_programme", _("Sudah ada di batch sebelumnya")
        ALREADY_PARTICIPANT = "already_participant", _("Sudah menjadi peserta")
        REVIEW = "review", _("Perlu ditinjau (kemungkinan ganda)")

    class Verification(models.TextChoices):
        NOT_ROUTED = "not_routed", _("Belum diteruskan")
        PENDING = "pending", _("Menunggu verifikasi")
        VERIFIED = "verified", _("Terverifikasi")
        NEEDS_CORRECTION = "needs_correction", _("Perlu perbaikan")
        NOT_ELIGIBLE = "not_eligible", _("Tidak layak")

    # Few indexes on purpose: each one costs on every imported row (a province loads a million). The
    # composite indexes of Meta serve the lookups; the FKs' own indexes would only duplicate them.
    # ``programme`` is the batch's programme, copied for the indexes that lead with it. It is written once, by
    # the import, from the batch, and never changed, so the database does not check it again: on PostgreSQL
    # that check is one lookup per imported row at commit (about a tenth of a million-row import); ``batch``
    # keeps its foreign key and ``ImportBatch.programme`` its own (decision 0012).
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="candidates", db_index=False,
                                  db_constraint=False)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="candidates", db_index=False)
    row_number = models.PositiveIntegerField(_("baris"))
    nik = models.CharField(_("NIK"), max_length=32)  # as normalised; may be invalid
    no_kk = models.CharField(_("nomor KK"), max_length=32, blank=True)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, blank=True)  # F / M as registry.Worker.Sex
    address = models.TextField(_("alamat"), blank=True)
    village_code = models.CharField(_("kode desa/kelurahan"), max_length=13, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    category = models.CharField(_("kategori pekerjaan"), max_length=10, blank=True,
                                choices=OccupationRoute.Category.choices)
    desil = models.PositiveSmallIntegerField(_("desil"), null=True, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    extra = models.JSONField(_("kolom lain"), default=dict, blank=True)
    status = models.CharField(_("status impor"), max_length=24, choices=Status.choices)
    reasons = models.CharField(_("kode alasan"), max_length=255, blank=True)  # comma-separated codes
    # Indexed (``rentan_cand_dup_idx``, only the rows that point somewhere) although rarely read: removing rows
    # (a benchmark's reset, a batch withdrawn) checks this self-reference for every row removed, a full scan
    # each without the index.
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     db_index=False)
    opd = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="rentan_queue", verbose_name=_("OPD verifikator"), db_index=False)
    verification = models.CharField(_("verifikasi"), max_length=16, choices=Verification.choices,
                                    default=Verification.NOT_ROUTED)
    verification_reason = models.TextField(_("alasan"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", db_index=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    corrections = models.PositiveSmallIntegerField(_("jumlah perbaikan"), default=0)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", db_index=False)
    approved_at = models.DateTimeField(null=True, blank=True)
    participant = models.ForeignKey("registry.BpuParticipant", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("kepesertaan BPU"), db_index=False)

    class Meta:
        verbose_name = _("calon peserta")
        verbose_name_plural = _("calon peserta")
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="rentan_candidate_row"),
        ]
        indexes = [
            models.Index(fields=["programme", "status", "verification"], name="rentan_cand_stage_idx"),
            models.Index(fields=["opd", "verification"], name="rentan_cand_queue_idx"),
            models.Index(fields=["programme", "nik"], name="rentan_cand_nik_idx"),
            models.Index(fields=["duplicate_of"], condition=models.Q(duplicate_of__isnull=False),
                         name="rentan_cand_dup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def nik_masked(self) -> str:
        return f"{self.nik[:6]}******{self.nik[12:]}" if len(self.nik) == 16 else "****"


class VerificationDecision(models.Model):
    """One OPD decision on a row, kept for good: a correction clears the row's current decision
    (``Candidate.verified_by``) but not this history, which maker-checker reads — whoever ever decided on a
    row cannot approve it."""

    class Decision(models.TextChoices):
        VERIFIED = "verified", _("Terverifikasi")
        NEEDS_CORRECTION = "needs_correction", _("Perlu perbaikan")
        NOT_ELIGIBLE = "not_eligible", _("Tidak layak")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("keputusan"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("alasan"), blank=True)
    # Indexed with the candidate (``rentan_decision_by_idx``): approval asks "did this person decide on any
    # of these rows?".
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("diputuskan oleh"), db_index=False)
    decided_at = models.DateTimeField(_("waktu keputusan"))

    class Meta:
        verbose_name = _("keputusan verifikasi")
        verbose_name_plural = _("riwayat keputusan verifikasi")
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["decided_by", "candidate"], name="rentan_decision_by_idx")]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.decision}"


class DuplicatePair(models.Model):
    """A probable duplicate found by Splink (no exact NIK match): a reviewer decides same or different."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        SAME = "same", _("Orang yang sama")
        DIFFERENT = "different", _("Orang berbeda")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="duplicate_pairs")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="duplicate_pairs")
    other = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("probabilitas sama"))
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices,
                                default=Decision.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kemungkinan data ganda")
        verbose_name_plural = _("kemungkinan data ganda")
        constraints = [models.UniqueConstraint(fields=["candidate", "other"], name="rentan_pair_unique")]

    def __str__(self) -> str:
        return f"{self.candidate_id} ~ {self.other_id} ({self.probability:.2f})"


class PaymentBatch(models.Model):
    """One month of a programme's contributions, sent by Disnaker to BPKD and paid by SP2D."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan ke BPKD")
        PAID = "paid", _("Dibayar (SP2D)")
        RECONCILED = "reconciled", _("Terekonsiliasi")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="payment_batches")
    period = models.DateField(_("periode"), help_text=_("Hari pertama bulan iuran."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    participants = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    total = models.DecimalField(_("jumlah iuran"), default=0, **MONEY)
    sp2d_number = models.CharField(_("nomor SP2D"), max_length=64, blank=True)
    sp2d_date = models.DateField(_("tanggal SP2D"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    paid_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+")
    reconciled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("batch pembayaran iuran")
        verbose_name_plural = _("batch pembayaran iuran")
        ordering = ["programme", "-period"]
        constraints = [models.UniqueConstraint(fields=["programme", "period"], name="rentan_batch_period")]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.period:%Y-%m}"


class ContributionCode(models.Model):
    """Kode iuran: 12 digits with a check digit, one per programme × period × budget line."""

    code = models.CharField(_("kode iuran"), max_length=12, unique=True)
    batch = models.ForeignKey(PaymentBatch, on_delete=models.CASCADE, related_name="codes")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="codes")
    amount = models.DecimalField(_("jumlah"), **MONEY)
    participants = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    # The receivables payment that settled this code at reconciliation: one payment per kode iuran, carrying
    # the code as its payment code, so a code is matched in the ledger by itself.
    payment = models.ForeignKey("receivables.Payment", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("pembayaran di buku piutang"))

    class Meta:
        verbose_name = _("kode iuran")
        verbose_name_plural = _("kode iuran")
        constraints = [models.UniqueConstraint(fields=["batch", "budget_line"], name="rentan_code_per_line")]

    def __str__(self) -> str:
        return self.code


class PaymentBatchLine(models.Model):
    """One participant in a payment batch, with the contribution per programme (from the rules)."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.CASCADE, related_name="lines")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    jkk = models.DecimalField("JKK", **MONEY)
    jkm = models.DecimalField("JKM", **MONEY)
    jht = models.DecimalField("JHT", default=0, **MONEY)
    total = models.DecimalField(_("jumlah"), **MONEY)

    class Meta:
        verbose_name = _("rincian batch pembayaran")
        verbose_name_plural = _("rincian batch pembayaran")
        constraints = [models.UniqueConstraint(fields=["batch", "candidate"], name="rentan_line_unique")]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.candidate_id}"


def _register_scopes() -> None:
    from sinergi.orgs.scoping import register

    programme_units = ("pemda", "owner", "data_unit", "treasury", "branch")
    register(Programme, *programme_units, "routes__opd", distinct=True)
    register(BudgetLine, *(f"programme__{p}" for p in programme_units))
    register(OccupationRoute, *(f"programme__{p}" for p in programme_units), "opd")
    register(ImportBatch, *(f"programme__{p}" for p in ("pemda", "owner", "data_unit", "branch")))
    # The treasury does not see the DTKS rows; an OPD sees only the rows routed to it.
    register(Candidate, *(f"programme__{p}" for p in ("pemda", "owner", "data_unit", "branch")), "opd")
    # The decision history is seen by whoever sees the row.
    register(VerificationDecision, *(f"candidate__programme__{p}" for p in ("pemda", "owner", "data_unit", "branch")),
             "candidate__opd")
    register(DuplicatePair, *(f"programme__{p}" for p in ("pemda", "owner", "data_unit", "branch")))
    register(PaymentBatch, *(f"programme__{p}" for p in programme_units))
    register(ContributionCode, *(f"batch__programme__{p}" for p in programme_units))
    register(PaymentBatchLine, *(f"batch__programme__{p}" for p in programme_units))


_register_scopes()
