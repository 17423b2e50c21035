"""The people of the tests: the real offices of the source documents, one person per role.

Tests read as sentences about them: "Rina, Kasidatun of Kejari Kota Kupang, cannot open Kejari Ende's
unit". The world is built once per test database (regions, reference units, these users) and every test
runs inside a transaction on top of it.
"""

from __future__ import annotations

from sinergi.orgs.models import OrgUnit, User
from sinergi.orgs.roles import R
from sinergi.orgs.services import orgs_load_reference, user_create
from sinergi.regions.loader import regions_load

PASSWORD = "uji-coba-2025"

# name -> (unit code, role, position)
PEOPLE: dict[str, tuple[str, R, str]] = {
    "admin": ("sinergi", R.SYSADMIN, "Administrator sistem"),
    "hendra": ("bpjs-kanwil-kalimantan", R.BPJS_LEADERSHIP, "Kepala Kantor Wilayah Kalimantan"),
    "sari": ("bpjs-cabang-balikpapan", R.BPJS_MEMBERSHIP, "Petugas kepesertaan Balikpapan"),
    "dimas": ("bpjs-cabang-balikpapan", R.BPJS_RECEIVABLES, "Petugas piutang Balikpapan"),
    "yusuf": ("bpjs-cabang-balikpapan", R.BPJS_COMPLIANCE, "Pemeriksa Balikpapan"),
    "nur": ("bpjs-cabang-balikpapan", R.BPJS_CLAIMS, "Petugas klaim Balikpapan"),
    "maria": ("bpjs-cabang-kupang", R.BPJS_COMPLIANCE, "Pemeriksa Kupang"),
    "agustinus": ("kejati-ntt", R.PROSECUTOR, "Asdatun Kejati NTT"),
    "rina": ("kejari-kota-kupang", R.PROSECUTOR, "Kasidatun Kejari Kota Kupang"),
    "yohanes": ("kejari-ende", R.PROSECUTOR, "Jaksa Kejari Ende"),
    "budi": ("kpknl-balikpapan", R.KPKNL_OFFICER, "Kepala Seksi Piutang Negara KPKNL Balikpapan"),
    "andi": ("kukar-distransnaker", R.PEMDA_OWNER, "Distransnaker Kukar"),
    "fitri": ("kukar-dinsos", R.PEMDA_DATA, "Dinsos Kukar"),
    "rahmat": ("kukar-disbun", R.OPD_VERIFIER, "Verifikator Disbun Kukar"),
    "joko": ("kukar-dishub", R.OPD_VERIFIER, "Verifikator Dishub Kukar"),
    "dewi": ("kukar-bpkd", R.BPKD_TREASURER, "BPKD Kukar"),
    "lina": ("balikpapan-disnaker", R.PEMDA_OWNER, "Disnaker Balikpapan"),
}


def build_world() -> None:
    """Regions, reference units and the people above; idempotent."""
    regions_load()
    orgs_load_reference()
    units = {u.code: u for u in OrgUnit.objects.all()}
    existing = set(User.objects.values_list("username", flat=True))
    for name, (unit_code, role, position) in PEOPLE.items():
        if name not in existing:
            user_create(username=name, org_unit=units[unit_code], roles=[role], password=PASSWORD,
                        first_name=name.capitalize(), position=position, actor=None, validate=False)


def person(name: str) -> User:
    return User.objects.select_related("org_unit").get(username=name)


def unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)
