"""Roles and capabilities: who may do what. Scoping (which records) is in ``scoping.py``.

A role is defined here, in code, because the capabilities that reference it are code; the ``Role`` table
mirrors this list after every migration so users can be given roles in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Agency(StrEnum):
    BPJS = "bpjs"
    KEJAKSAAN = "kejaksaan"
    DJKN = "djkn"
    PEMDA = "pemda"
    SYSTEM = "system"


class UnitKind(StrEnum):
    BPJS_KANWIL = "bpjs_kanwil"
    BPJS_CABANG = "bpjs_cabang"
    KEJATI = "kejati"
    KEJARI = "kejari"
    DJKN_KANWIL = "djkn_kanwil"
    KPKNL = "kpknl"
    PEMPROV = "pemprov"
    PEMKAB = "pemkab"  # kabupaten or kota
    OPD = "opd"
    SYSTEM = "system"


UNIT_KIND_LABELS = {
    UnitKind.BPJS_KANWIL: _("BPJS Ketenagakerjaan Kantor Wilayah"),
    UnitKind.BPJS_CABANG: _("BPJS Ketenagakerjaan Kantor Cabang"),
    UnitKind.KEJATI: _("Kejaksaan Tinggi"),
    UnitKind.KEJARI: _("Kejaksaan Negeri"),
    UnitKind.DJKN_KANWIL: _("Kantor Wilayah DJKN"),
    UnitKind.KPKNL: _("KPKNL / PUPN Cabang"),
    UnitKind.PEMPROV: _("Pemerintah Provinsi"),
    UnitKind.PEMKAB: _("Pemerintah Kabupaten/Kota"),
    UnitKind.OPD: _("Organisasi Perangkat Daerah"),
    UnitKind.SYSTEM: _("Pengelola sistem"),
}

UNIT_AGENCY = {
    UnitKind.BPJS_KANWIL: Agency.BPJS,
    UnitKind.BPJS_CABANG: Agency.BPJS,
    UnitKind.KEJATI: Agency.KEJAKSAAN,
    UnitKind.KEJARI: Agency.KEJAKSAAN,
    UnitKind.DJKN_KANWIL: Agency.DJKN,
    UnitKind.KPKNL: Agency.DJKN,
    UnitKind.PEMPROV: Agency.PEMDA,
    UnitKind.PEMKAB: Agency.PEMDA,
    UnitKind.OPD: Agency.PEMDA,
    UnitKind.SYSTEM: Agency.SYSTEM,
}


class OpdType(StrEnum):
    DISNAKER = "disnaker"
    DINSOS = "dinsos"
    DISBUN = "disbun"
    DKP = "dkp"
    DISHUB = "dishub"
    DLHK = "dlhk"
    KEMENAG = "kemenag"
    BPKD = "bpkd"
    OTHER = "other"


OPD_TYPE_LABELS = {
    OpdType.DISNAKER: _("Dinas Tenaga Kerja / Distransnaker"),
    OpdType.DINSOS: _("Dinas Sosial"),
    OpdType.DISBUN: _("Dinas Perkebunan"),
    OpdType.DKP: _("Dinas Kelautan dan Perikanan"),
    OpdType.DISHUB: _("Dinas Perhubungan"),
    OpdType.DLHK: _("Dinas Lingkungan Hidup dan Kehutanan"),
    OpdType.KEMENAG: _("Kantor Kementerian Agama"),
    OpdType.BPKD: _("Badan Pengelolaan Keuangan Daerah"),
    OpdType.OTHER: _("OPD lain"),
}


@dataclass(frozen=True)
class RoleDef:
    code: str
    label: object  # lazy translation
    agency: Agency
    unit_kinds: frozenset[UnitKind]
    # Whether the role needs to read full NIKs (UU 27/2022: others see them masked).
    sees_full_nik: bool = False


class R(StrEnum):
    """Role codes. Kept short: they appear in the scoping matrix and the demo login list."""

    BPJS_LEADERSHIP = "bpjs_leadership"
    BPJS_MEMBERSHIP = "bpjs_membership"
    BPJS_RECEIVABLES = "bpjs_receivables"
    BPJS_COMPLIANCE = "bpjs_compliance"
    BPJS_CLAIMS = "bpjs_claims"
    PROSECUTOR = "prosecutor"
    KPKNL_OFFICER = "kpknl_officer"
    PEMDA_OWNER = "pemda_owner"
    PEMDA_DATA = "pemda_data"
    OPD_VERIFIER = "opd_verifier"
    BPKD_TREASURER = "bpkd_treasurer"
    SYSADMIN = "sysadmin"


_BPJS_UNITS = frozenset({UnitKind.BPJS_KANWIL, UnitKind.BPJS_CABANG})

ROLES: dict[R, RoleDef] = {
    r.code: r
    for r in [
        RoleDef(R.BPJS_LEADERSHIP, _("Pimpinan BPJS Ketenagakerjaan"), Agency.BPJS, _BPJS_UNITS),
        RoleDef(R.BPJS_MEMBERSHIP, _("Petugas Kepesertaan"), Agency.BPJS, _BPJS_UNITS, sees_full_nik=True),
        RoleDef(R.BPJS_RECEIVABLES, _("Petugas Keuangan/Piutang"), Agency.BPJS, _BPJS_UNITS),
        RoleDef(R.BPJS_COMPLIANCE, _("Petugas Pemeriksa Kepatuhan"), Agency.BPJS, _BPJS_UNITS),
        RoleDef(R.BPJS_CLAIMS, _("Petugas Pelayanan Klaim"), Agency.BPJS, _BPJS_UNITS, sees_full_nik=True),
        RoleDef(R.PROSECUTOR, _("Jaksa Pengacara Negara (Datun)"), Agency.KEJAKSAAN,
                frozenset({UnitKind.KEJATI, UnitKind.KEJARI})),
        RoleDef(R.KPKNL_OFFICER, _("Petugas Piutang Negara (KPKNL/DJKN)"), Agency.DJKN,
                frozenset({UnitKind.DJKN_KANWIL, UnitKind.KPKNL})),
        RoleDef(R.PEMDA_OWNER, _("Pemilik Program Pemda (Disnaker)"), Agency.PEMDA,
                frozenset({UnitKind.PEMPROV, UnitKind.PEMKAB, UnitKind.OPD})),
        RoleDef(R.PEMDA_DATA, _("Petugas Data Pemda (Dinsos)"), Agency.PEMDA,
                frozenset({UnitKind.PEMPROV, UnitKind.PEMKAB, UnitKind.OPD}), sees_full_nik=True),
        RoleDef(R.OPD_VERIFIER, _("Verifikator OPD"), Agency.PEMDA, frozenset({UnitKind.OPD})),
        RoleDef(R.BPKD_TREASURER, _("Bendahara BPKD"), Agency.PEMDA, frozenset({UnitKind.OPD})),
        RoleDef(R.SYSADMIN, _("Administrator Sistem"), Agency.SYSTEM, frozenset(UnitKind)),
    ]
}

ALL_ROLES = frozenset(R)
BPJS_ROLES = frozenset(r for r, d in ROLES.items() if d.agency == Agency.BPJS)

# Capability -> roles that hold it. Views and services ask `user_can(user, "…")`; later capabilities add
# their lines here, and the scoping matrix test reads the same table.
CAPABILITIES: dict[str, frozenset[R]] = {
    "home.view": ALL_ROLES,
    "profile.view": ALL_ROLES,
    # Personal API tokens: every role may let a partner system read what it sees itself.
    "api.use": ALL_ROLES,
    "regions.search": ALL_ROLES,
    "jobs.view": ALL_ROLES,
    "audit.object_history": ALL_ROLES,
    "audit.search": frozenset({R.SYSADMIN, R.BPJS_LEADERSHIP}),
    "orgs.view": ALL_ROLES,
    "orgs.manage_users": frozenset({R.SYSADMIN}),
    "regions.load": frozenset({R.SYSADMIN}),
    "admin.site": frozenset({R.SYSADMIN}),
    "receivables.billing": frozenset({R.BPJS_RECEIVABLES, R.SYSADMIN}),
    "receivables.aging": frozenset({R.BPJS_LEADERSHIP, R.BPJS_RECEIVABLES, R.BPJS_COMPLIANCE, R.SYSADMIN}),
    "rules.calculator": BPJS_ROLES | {R.SYSADMIN},
    "nik.check": BPJS_ROLES | {R.PEMDA_DATA, R.PEMDA_OWNER, R.OPD_VERIFIER, R.SYSADMIN},
    "registry.import": frozenset({R.BPJS_MEMBERSHIP, R.SYSADMIN}),
    "receivables.payments": frozenset({R.BPJS_RECEIVABLES, R.SYSADMIN}),
    "registry.view": BPJS_ROLES | {R.SYSADMIN},
    "registry.export": BPJS_ROLES | {R.SYSADMIN},
    # Vulnerable-worker programmes (issue 5). Which programmes and rows: rentan/models.py scope rules.
    "rentan.view": frozenset({R.PEMDA_OWNER, R.PEMDA_DATA, R.OPD_VERIFIER, R.BPKD_TREASURER, R.BPJS_MEMBERSHIP,
                              R.BPJS_LEADERSHIP, R.BPJS_RECEIVABLES, R.SYSADMIN}),
    "rentan.manage": frozenset({R.PEMDA_OWNER, R.SYSADMIN}),
    "rentan.import": frozenset({R.PEMDA_DATA, R.PEMDA_OWNER, R.SYSADMIN}),
    "rentan.candidates": frozenset({R.PEMDA_OWNER, R.PEMDA_DATA, R.BPJS_MEMBERSHIP, R.SYSADMIN}),
    "rentan.verify": frozenset({R.OPD_VERIFIER, R.SYSADMIN}),
    "rentan.correct": frozenset({R.PEMDA_DATA, R.SYSADMIN}),
    "rentan.review_duplicates": frozenset({R.PEMDA_DATA, R.SYSADMIN}),
    "rentan.approve": frozenset({R.PEMDA_OWNER, R.SYSADMIN}),
    "rentan.batch": frozenset({R.PEMDA_OWNER, R.SYSADMIN}),
    "rentan.pay": frozenset({R.BPKD_TREASURER, R.SYSADMIN}),
    "rentan.reconcile": frozenset({R.BPJS_RECEIVABLES, R.BPJS_MEMBERSHIP, R.SYSADMIN}),
    # Enforcement ladder and partner workspaces (issue 6). Which cases: enforcement/models.py scope rules.
    "enforcement.cases": frozenset({R.BPJS_LEADERSHIP, R.BPJS_COMPLIANCE, R.BPJS_RECEIVABLES, R.SYSADMIN}),
    "enforcement.manage": frozenset({R.BPJS_COMPLIANCE, R.SYSADMIN}),
    "enforcement.skk_view": frozenset({R.BPJS_LEADERSHIP, R.BPJS_COMPLIANCE, R.BPJS_RECEIVABLES, R.PROSECUTOR,
                                       R.SYSADMIN}),
    "enforcement.skk_work": frozenset({R.PROSECUTOR, R.SYSADMIN}),
    "enforcement.pupn_view": frozenset({R.BPJS_LEADERSHIP, R.BPJS_COMPLIANCE, R.BPJS_RECEIVABLES,
                                        R.KPKNL_OFFICER, R.SYSADMIN}),
    "enforcement.pupn_handover": frozenset({R.BPJS_RECEIVABLES, R.BPJS_COMPLIANCE, R.SYSADMIN}),
    "enforcement.pupn_work": frozenset({R.KPKNL_OFFICER, R.SYSADMIN}),
    "enforcement.import": frozenset({R.BPJS_COMPLIANCE, R.SYSADMIN}),
    "enforcement.reports": frozenset({R.BPJS_LEADERSHIP, R.BPJS_COMPLIANCE, R.PROSECUTOR, R.KPKNL_OFFICER,
                                      R.SYSADMIN}),
    "enforcement.exchange": frozenset({R.BPJS_LEADERSHIP, R.BPJS_COMPLIANCE, R.PROSECUTOR, R.SYSADMIN}),
    "enforcement.dashboard": frozenset({R.BPJS_LEADERSHIP, R.SYSADMIN}),
    # Coverage (UCJ, issue 13). Which figures: coverage/models.py scope rules (branch tree; a Pemda its region).
    "coverage.view": frozenset({R.BPJS_LEADERSHIP, R.BPJS_MEMBERSHIP, R.BPJS_RECEIVABLES, R.BPJS_COMPLIANCE,
                                R.PEMDA_OWNER, R.SYSADMIN}),
    "coverage.manage": frozenset({R.BPJS_MEMBERSHIP, R.SYSADMIN}),
    # Claims (issue 14). Which claims: claims/models.py scope rules (the registering branch, its Kanwil).
    # Partner agencies see none. Maker-checker: claims officers verify, leadership (branch or Kanwil head)
    # approves, and the service refuses an approval by the claim's own verifier.
    "claims.view": frozenset({R.BPJS_CLAIMS, R.BPJS_LEADERSHIP, R.SYSADMIN}),
    "claims.manage": frozenset({R.BPJS_CLAIMS, R.SYSADMIN}),
    "claims.approve": frozenset({R.BPJS_LEADERSHIP, R.SYSADMIN}),
}
