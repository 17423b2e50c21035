"""Coverage (Universal Coverage Jamsostek): the monthly numerator and the workforce denominators.

``CoverageFact`` is derived data: one row per month × definition × regency × branch × sector × segment ×
programme with the number of active participants, recomputed set-wise from the registry and the ledger by
``coverage.services.coverage_facts_compute`` (DELETE + INSERT … SELECT … GROUP BY for one month and
definition). ``WorkforceEstimate`` is the denominator as a statistics office publishes it: several sources
may coexist for one region and year, and every report names the one it used.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Segment(models.TextChoices):
    PU = "pu", _("Penerima upah (PU)")
    BPU = "bpu", _("Bukan penerima upah (BPU) mandiri")
    BPU_RENTAN = "bpu_rentan", _("BPU rentan (dibiayai Pemda)")
    JAKON = "jakon", _("Jasa konstruksi (Jakon)")


class Programme(models.TextChoices):
    JKK = "jkk", "JKK"
    JKM = "jkm", "JKM"
    JHT = "jht", "JHT"
    JP = "jp", "JP"
    JKP = "jkp", "JKP"


class Definition(models.TextChoices):
    BILLED = "billed", _("Tertagih")
    PAID = "paid", _("Tertagih dan lunas")


class CoverageFact(models.Model):
    """Active participants of one cell of the coverage cube (see the module docstring).

    ``participants`` counts distinct workers per cell; a worker employed by two employers in the month is a
    participant of each (as BPJS counts participations), so the sum over branches may exceed the people.
    ``scale`` is 1 except in the demo, whose registry is smaller than a province: there the counts were
    multiplied by it (``services.coverage_facts_scale``), and every screen says so ("angka demo diskalakan
    ×N").
    """

    month = models.DateField(_("bulan"), help_text=_("Hari pertama bulan."))
    definition = models.CharField(_("definisi peserta aktif"), max_length=8, choices=Definition.choices)
    province_code = models.CharField(_("kode provinsi"), max_length=2, blank=True)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5, blank=True)
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("kantor cabang"))
    # The regency's and province's government and Disnaker (for their scope), resolved when computed: an
    # OPD lies below its Pemda in the tree, so the Pemda unit alone would not reach Disnaker's staff.
    pemda_regency = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    pemda_province = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    disnaker_regency = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")
    disnaker_province = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+")
    sector = models.CharField(_("sektor"), max_length=40, blank=True,
                              help_text=_("Kategori KBLI (PU, Jakon) atau kelompok pekerjaan (BPU)."))
    segment = models.CharField(_("segmen"), max_length=10, choices=Segment.choices)
    programme = models.CharField(_("program"), max_length=3, choices=Programme.choices)
    participants = models.PositiveIntegerField(_("peserta aktif"))
    scale = models.DecimalField(_("faktor skala demo"), max_digits=14, decimal_places=6, default=1)
    computed_at = models.DateTimeField(_("dihitung pada"))

    class Meta:
        verbose_name = _("fakta cakupan")
        verbose_name_plural = _("fakta cakupan")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "definition", "regency_code", "branch", "sector", "segment", "programme"],
                name="coveragefact_one_per_cell"),
        ]
        indexes = [
            models.Index(fields=["definition", "programme", "month", "province_code"], name="coveragefact_report_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.regency_code} {self.segment}/{self.programme} {self.participants}"


class WorkforceEstimate(models.Model):
    """A published workforce figure for a region and period (BPS Sakernas "penduduk bekerja", or a group
    to subtract such as ASN/TNI/Polri), with its source, publication and confidence."""

    class Category(models.TextChoices):
        WORKFORCE = "workforce", _("Penduduk bekerja / angkatan kerja")
        ASN_TNI_POLRI = "asn_tni_polri", _("ASN, TNI dan Polri (Taspen/Asabri)")
        FAMILY_WORKERS = "family_workers", _("Pekerja keluarga tidak dibayar")

    class Status(models.TextChoices):
        ALL = "", _("Semua")
        FORMAL = "formal", _("Formal")
        INFORMAL = "informal", _("Informal")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("wilayah"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    period = models.CharField(_("periode"), max_length=12, default="agustus",
                              help_text=_("Bulan rilis: agustus (kab/kota), februari (provinsi), tahunan."))
    sector = models.CharField(_("sektor"), max_length=40, blank=True)
    employment_status = models.CharField(_("status pekerjaan"), max_length=8, choices=Status.choices, blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices,
                                default=Category.WORKFORCE)
    value = models.PositiveBigIntegerField(_("jumlah"))
    source = models.CharField(_("sumber"), max_length=120)
    publication = models.CharField(_("publikasi"), max_length=200, blank=True)
    definition = models.CharField(_("definisi"), max_length=120, default="penduduk bekerja")
    confidence = models.CharField(_("keyakinan"), max_length=2, default="C2")
    imported_at = models.DateTimeField(_("diimpor pada"))

    class Meta:
        verbose_name = _("perkiraan angkatan kerja")
        verbose_name_plural = _("perkiraan angkatan kerja")
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year", "period", "region", "sector", "employment_status", "category"],
                name="workforce_one_per_source_cell"),
        ]
        indexes = [models.Index(fields=["region", "year"], name="workforce_region_year_idx")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.source}: {self.value}"


def _register_scopes() -> None:
    from sinergi.orgs.scoping import register, register_public

    # A branch sees its own figures and a Kanwil those of its branches (the tree); a Pemda the figures of
    # its regency or province only.
    register(CoverageFact, "branch", "pemda_regency", "pemda_province", "disnaker_regency", "disnaker_province")
    # Published statistics (BPS): reference data, like the regions they are about.
    register_public(WorkforceEstimate)


_register_scopes()


class ConstructionProject(models.Model):
    """A construction project (Jakon) from a procurement list, and whether BPJS has registered it.

    Matched exactly: the contract number identifies the project across imports, the contractor's NPWP its
    employer in the registry. ``employer`` is the project's own registration (an employer marked as a
    construction project) once BPJS has registered it; until then the project is a prospect with an
    estimated JKK+JKM contribution (``rules.coverage.jakon_contribution``).
    """

    class OwnerKind(models.TextChoices):
        APBN = "apbn", _("APBN (kementerian/lembaga)")
        APBD_PROVINCE = "apbd_province", _("APBD provinsi")
        APBD_REGENCY = "apbd_regency", _("APBD kabupaten/kota")
        BUMN = "bumn", _("BUMN/BUMD")
        PRIVATE = "private", _("Swasta")

    contract_number = models.CharField(_("nomor kontrak"), max_length=100, unique=True)
    name = models.CharField(_("nama paket"), max_length=300)
    owner_kind = models.CharField(_("jenis pemilik"), max_length=14, choices=OwnerKind.choices)
    owner_name = models.CharField(_("pemilik proyek"), max_length=200)
    contractor_name = models.CharField(_("penyedia"), max_length=200, blank=True)
    contractor_npwp = models.CharField(_("NPWP penyedia"), max_length=16, blank=True)
    contractor = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("penyedia di registri"))
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("pendaftaran proyek (NPP)"))
    value = models.DecimalField(_("nilai kontrak"), max_digits=18, decimal_places=0)
    start_date = models.DateField(_("mulai"), null=True, blank=True)
    end_date = models.DateField(_("selesai"), null=True, blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("wilayah"))
    funding_source = models.CharField(_("sumber dana"), max_length=100, blank=True)
    branch = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("kantor cabang"))
    imported_at = models.DateTimeField(_("diimpor pada"))

    class Meta:
        verbose_name = _("proyek jasa konstruksi")
        verbose_name_plural = _("proyek jasa konstruksi")
        ordering = ["owner_name", "contract_number"]
        constraints = [models.CheckConstraint(condition=models.Q(value__gte=0), name="project_value_non_negative")]

    def __str__(self) -> str:
        return f"{self.contract_number} {self.name}"

    @property
    def registered(self) -> bool:
        return self.employer_id is not None


def _register_project_scope() -> None:
    from sinergi.orgs.scoping import register

    register(ConstructionProject, "branch")


_register_project_scope()
