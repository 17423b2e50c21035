"""Organisation units of the four agencies, people and their roles."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi import clock
from sinergi.orgs.roles import OPD_TYPE_LABELS, ROLES, UNIT_AGENCY, UNIT_KIND_LABELS, R, UnitKind


class OrgUnit(models.Model):
    """One office: a BPJS Kanwil or branch, a Kejati or Kejari, a DJKN Kanwil or KPKNL, a Pemda or OPD.

    ``path`` is the materialised chain of ids (``/3/17/``) so that "this unit and everything under it" is
    one indexed prefix query; it is maintained by ``orgs.services`` and never edited by hand.
    """

    code = models.SlugField(_("kode"), max_length=64, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(
        _("jenis"), max_length=20, choices=[(k.value, label) for k, label in UNIT_KIND_LABELS.items()]
    )
    opd_type = models.CharField(
        _("jenis OPD"), max_length=20, blank=True,
        choices=[(k.value, label) for k, label in OPD_TYPE_LABELS.items()],
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("unit induk"),
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("kedudukan"),
    )
    # The regencies/provinces the unit serves: a Kejari's jurisdiction, a branch's working area.
    jurisdiction = models.ManyToManyField(
        "regions.Region", blank=True, related_name="serving_units", verbose_name=_("wilayah kerja")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opd_type="") | models.Q(kind=UnitKind.OPD.value),
                name="orgunit_opd_type_only_for_opd",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def agency(self) -> str:
        return UNIT_AGENCY[UnitKind(self.kind)].value

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1


class Role(models.Model):
    code = models.CharField(max_length=32, primary_key=True, choices=[(r.value, r.value) for r in R])
    name = models.CharField(_("nama"), max_length=100)
    agency = models.CharField(_("instansi"), max_length=20)

    class Meta:
        verbose_name = _("peran")
        verbose_name_plural = _("peran")
        ordering = ["code"]

    def __str__(self) -> str:
        definition = ROLES.get(self.code)
        return str(definition.label) if definition else self.code


class User(AbstractUser):
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("unit organisasi"),
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name=_("peran"))
    position = models.CharField(_("jabatan"), max_length=120, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    failed_login_count = models.PositiveIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        return frozenset(self.roles.values_list("code", flat=True))

    def has_role(self, role: R | str) -> bool:
        return str(role) in self.role_codes

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > clock.now()
