"""The registry: employers, workers, employment periods with effective-dated wages, BPU participants.

Money is whole rupiah in ``DecimalField(max_digits=18, decimal_places=0)``: BPJS TK reports and bills in
whole rupiah, and integer-valued decimals let set-wise SQL do exact integer arithmetic on both SQLite and
PostgreSQL (see receivables/billing.py).
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# The KBLI 2020 categories (the letter of an employer's sector), as the screens and reports name them.
KBLI_SECTORS = {
    "A": _("Pertanian, kehutanan dan perikanan"),
    "B": _("Pertambangan dan penggalian"),
    "C": _("Industri pengolahan"),
    "D": _("Pengadaan listrik, gas, uap/air panas dan udara dingin"),
    "E": _("Pengelolaan air, air limbah, sampah dan daur ulang"),
    "F": _("Konstruksi"),
    "G": _("Perdagangan besar dan eceran; reparasi kendaraan"),
    "H": _("Pengangkutan dan pergudangan"),
    "I": _("Penyediaan akomodasi dan makan minum"),
    "J": _("Informasi dan komunikasi"),
    "K": _("Aktivitas keuangan dan asuransi"),
    "L": _("Real estat"),
    "M": _("Aktivitas profesional, ilmiah dan teknis"),
    "N": _("Aktivitas penyewaan, ketenagakerjaan, agen perjalanan dan penunjang usaha"),
    "O": _("Administrasi pemerintahan, pertahanan dan jaminan sosial wajib"),
    "P": _("Pendidikan"),
    "Q": _("Aktivitas kesehatan manusia dan aktivitas sosial"),
    "R": _("Kesenian, hiburan dan rekreasi"),
    "S": _("Aktivitas jasa lainnya"),
    "T": _("Aktivitas rumah tangga sebagai pemberi kerja"),
    "U": _("Aktivitas badan internasional dan badan ekstra internasional lainnya"),
}


MONEY = {"max_digits": 18, "decimal_places": 0}
PROGRAMMES = ("jkk", "jkm", "jht", "jp", "jkp")

npp_validator = RegexValidator(r"^\d{8}$", _("NPP harus 8 digit angka."))
nik_validator = RegexValidator(r"^\d{16}$", _("NIK harus 16 digit angka."))
kpj_validator = RegexValidator(r"^\d{11}$", _("Nomor KPJ harus 11 digit angka."))
npwp_validator = RegexValidator(r"^(\d{15}|\d{16})$", _("NPWP harus 15 atau 16 digit angka."))


class Employer(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        NON_ACTIVE = "non_active", _("Nonaktif")
        CLOSED = "closed", _("Tutup")
        BANKRUPT = "bankrupt", _("Pailit")

    class Size(models.TextChoices):
        MICRO = "mikro", _("Mikro")
        SMALL = "kecil", _("Kecil")
        MEDIUM = "menengah", _("Menengah")
        LARGE = "besar", _("Besar")

    npp = models.CharField(_("NPP"), max_length=8, unique=True, validators=[npp_validator])
    name = models.CharField(_("nama badan usaha"), max_length=200)
    name_search = models.CharField(max_length=200, db_index=True, editable=False, default="")
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True, validators=[npwp_validator])
    kbli = models.CharField(_("KBLI"), max_length=5, blank=True, help_text=_("Kode KBLI 2020 (5 digit)."))
    sector = models.CharField(_("sektor (kategori KBLI)"), max_length=1, blank=True, db_index=True)
    size_class = models.CharField(_("skala usaha"), max_length=10, choices=Size.choices, default=Size.SMALL)
    jkk_risk_group = models.PositiveSmallIntegerField(_("kelompok risiko JKK"), default=1)
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="employers",
                               verbose_name=_("kantor cabang"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("wilayah"))
    address = models.TextField(_("alamat"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE,
                              db_index=True)
    registered_on = models.DateField(_("tanggal terdaftar"))
    is_construction_project = models.BooleanField(_("proyek jasa konstruksi"), default=False)
    # PP 7/2025 padat-karya relief: the employer's labour-intensive industry (one of the six), if any.
    relief_industry = models.CharField(_("industri padat karya"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pemberi kerja")
        verbose_name_plural = _("pemberi kerja")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(jkk_risk_group__gte=1, jkk_risk_group__lte=5),
                                   name="employer_risk_group_1_5"),
        ]
        indexes = [models.Index(fields=["branch", "status"], name="employer_branch_status_idx")]

    def __str__(self) -> str:
        return f"{self.npp} {self.name}"

    def save(self, *args, **kwargs):
        self.name_search = self.name.lower()
        super().save(*args, **kwargs)


class Worker(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", _("Perempuan")
        MALE = "M", _("Laki-laki")

    nik = models.CharField(_("NIK"), max_length=16, unique=True, validators=[nik_validator])
    kpj = models.CharField(_("nomor KPJ"), max_length=11, unique=True, null=True, blank=True,
                           validators=[kpj_validator])
    name = models.CharField(_("nama"), max_length=200)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("wilayah"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tenaga kerja")
        verbose_name_plural = _("tenaga kerja")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def nik_masked(self) -> str:
        """UU 27/2022: the region and sequence stay visible, the birth date part is hidden."""
        return f"{self.nik[:6]}******{self.nik[12:]}" if len(self.nik) == 16 else "****"


class Employment(models.Model):
    """A worker's employment with an employer, with the programmes enrolled (as flags, for set-wise SQL)."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="employments",
                               verbose_name=_("tenaga kerja"))
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="employments",
                                 verbose_name=_("pemberi kerja"))
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)
    jkk = models.BooleanField("JKK", default=True)
    jkm = models.BooleanField("JKM", default=True)
    jht = models.BooleanField("JHT", default=True)
    jp = models.BooleanField("JP", default=True)
    jkp = models.BooleanField("JKP", default=True)

    class Meta:
        verbose_name = _("hubungan kerja")
        verbose_name_plural = _("hubungan kerja")
        constraints = [
            models.UniqueConstraint(fields=["worker", "employer", "start_date"], name="employment_unique_start"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="employment_end_after_start"),
        ]
        indexes = [models.Index(fields=["employer", "start_date"], name="employment_employer_idx")]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.employer}"


class WageReport(models.Model):
    """A reported wage valid from a date until the next report: corrections add rows, never overwrite."""

    employment = models.ForeignKey(Employment, on_delete=models.PROTECT, related_name="wages",
                                   verbose_name=_("hubungan kerja"))
    effective_from = models.DateField(_("berlaku mulai"))
    wage = models.DecimalField(_("upah"), **MONEY)
    reported_on = models.DateField(_("tanggal lapor"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan upah")
        verbose_name_plural = _("laporan upah")
        ordering = ["employment", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["employment", "effective_from"], name="wage_unique_effective"),
            models.CheckConstraint(condition=Q(wage__gte=0), name="wage_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.employment_id} {self.effective_from} {self.wage}"


class BpuParticipant(models.Model):
    """A self-employed participant (bukan penerima upah), paying themselves or paid for by a programme."""

    class Funding(models.TextChoices):
        SELF = "self", _("Mandiri")
        APBD = "apbd", _("APBD (pemerintah daerah)")
        APBN = "apbn", _("APBN")

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="bpu_memberships",
                               verbose_name=_("peserta"))
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="bpu_participants",
                               verbose_name=_("kantor cabang"))
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    declared_income = models.DecimalField(_("penghasilan yang dilaporkan"), **MONEY)
    jht = models.BooleanField("JHT", default=False)
    funding = models.CharField(_("sumber iuran"), max_length=5, choices=Funding.choices, default=Funding.SELF)
    funder = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="funded_bpu", verbose_name=_("pemda pembayar"))
    programme_code = models.CharField(_("kode program pemda"), max_length=32, blank=True)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("peserta BPU")
        verbose_name_plural = _("peserta BPU")
        constraints = [
            models.CheckConstraint(condition=Q(funding="self") | Q(funder__isnull=False),
                                   name="bpu_government_funding_names_funder"),
        ]

    def __str__(self) -> str:
        return f"BPU {self.worker_id} ({self.get_funding_display()})"


def _register_scopes() -> None:
    from sinergi.orgs.scoping import register

    register(Employer, "branch")
    register(Employment, "employer__branch")
    register(WageReport, "employment__employer__branch")
    # A worker is seen by the branches that employ or insure them, and by the Pemda that pays for them.
    register(Worker, "employments__employer__branch", "bpu_memberships__branch", "bpu_memberships__funder",
             distinct=True)
    register(BpuParticipant, "branch", "funder")


_register_scopes()
