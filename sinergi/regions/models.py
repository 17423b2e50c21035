"""Administrative regions of Indonesia (Kepmendagri 300.2.2-2138 Tahun 2025).

One table for all four levels: a code is ``PP``, ``PP.KK``, ``PP.KK.CC`` or ``PP.KK.CC.DDDD`` and its parent
is the code without the last part, so "everything in Kutai Kartanegara" is a prefix query on ``64.02.``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Provinsi")
        REGENCY = 2, _("Kabupaten/Kota")
        DISTRICT = 3, _("Kecamatan")
        VILLAGE = 4, _("Desa/Kelurahan")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")
        DESA_ADAT = "desa_adat", _("Desa adat")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("induk")
    )
    name = models.CharField(_("nama"), max_length=120)
    # Lower-cased name for case-insensitive search that behaves the same on SQLite and PostgreSQL.
    name_search = models.CharField(max_length=120, db_index=True, editable=False)
    # False for a code that a newer decree no longer lists; records that point at it keep working.
    is_current = models.BooleanField(_("berlaku"), default=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="region_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def digits(self) -> str:
        """The code without dots, as it appears inside a NIK or a DTKS file (``6402072001``)."""
        return self.code.replace(".", "")


def normalise_region_code(raw: str) -> str | None:
    """Accept ``6402072001``, ``64.02.07.2001`` or ``64 02 07 2001`` and return the dotted form.

    Returns None when the value cannot be a region code at any level.
    """
    digits = "".join(ch for ch in str(raw) if ch.isdigit())
    if len(digits) not in (2, 4, 6, 10):
        return None
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(p for p in parts if p)


def _register_scope() -> None:
    from sinergi.orgs.scoping import register_public

    register_public(Region)


_register_scope()
