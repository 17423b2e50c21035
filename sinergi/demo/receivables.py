"""Demo receivables: employers, workers, wages, 36 months of bills and the payments against them.

``demo_receivables(options, log)`` is the ``sinergi demo`` step that fills the registry and the ledger of
Kanwil Kalimantan (branches Balikpapan, Samarinda, Bontang, Tarakan, Tenggarong) and of the Kupang branch
(Kanwil Banuspa) with made-up but plausible data:

- **Scale**: ``small`` (default) about 2.000 employers and 50.000 workers; ``region`` about 50.000 and
  1.000.000; ``tiny`` (tests only, not offered by the CLI) about 150 and 3.000.
- **Window**: the 36 contribution months ending with the last complete month before today in Asia/Jakarta
  (run on 22 November 2026: November 2023 – October 2026), so the aging report looks current. Dates of the
  plan (registrations, closures, when an employer stopped paying) are relative to that window.
- **Registry**: NPP 8 digits in the reserved demo range ``9xxxxxxx`` (second digit = branch), PT/CV names
  from Indonesian words, NPWP, a KBLI 2020 code with its category letter weighted for the branch's economy
  (mining, plantations, construction, trade, transport…), the JKK risk group that goes with the activity,
  the size class (BPS headcount bands), a regency of the branch's working area, registration dates, a few
  construction projects. Workers have a NIK that passes :func:`sinergi.rules.nik_check` (a district of the
  employer's regency, birth date with +40 for women, sequence from 0001), a KPJ of 11 digits, a name, sex
  and birth date; one employment each (some ended, some replaced), micro and small employers sometimes
  without JP, and a wage report at the start plus one every 1 January in the window (effective-dated).
- **Bills**: :func:`sinergi.receivables.billing.billing_run` for each month — the law comes from the
  rules, not from here.
- **Payments** (channel ``bank_file``, references ``DEMO-<NPP>-<YYYYMM>-<n>``), allocated by
  :func:`sinergi.receivables.payments.payments_allocate_batch`. Most employers pay by the due date; some
  are late (1–3 months now and then, or steadily 4–6 or 9 months); some pay part of a month and the rest
  later; in Kupang some stop paying for good. A late payment settles the principal *and* the denda due on
  its date, computed by the allocator's own plan, so nothing is left over by accident.
- **The seed figure** (source 000): Kalimantan's branches hold exactly **22 employers that are macet and
  owe ≥ Rp 8 juta of principal, about Rp 2 miliar in total** (between 1,9 and 2,1), in the jurisdictions of
  KPKNL Balikpapan, Samarinda (with Tenggarong), Bontang and Tarakan. They are planned, not left to chance:
  each gets a target amount, a workforce and a closing month sized for it, and once the months are billed
  the month it stopped paying is chosen from its actual bills so the total lands near Rp 2 miliar. They
  closed before the end of the window, so later months add nothing to them. A few macet employers owe less
  than Rp 8 juta (so the threshold matters) and Kupang has macet employers of its own. No other Kalimantan
  employer can become macet: every other payment behaviour there pays within 9 months.

Deterministic: the same ``--seed`` in the same window gives the same NPPs, names, amounts and payments
(``random.Random`` streams seeded from the seed and the NPP; no global random, nothing from the clock but
the window). Idempotent: the generated employers are recognised by their NPP range; a second run adds
nothing, and a run after the calendar moved on only tops up what is missing — the new months' bills and
the payments dated up to today (``demo.receivables_payments`` audit events record the day they were posted
through) — from the seed and window recorded in the ``demo.receivables`` audit event of the first run (so ``--seed`` and ``--scale`` are ignored once the demo exists). Years that start
after the first run get no new wage reports: their months are billed at the last reported wage. Payments
of a top-up are sized assuming the demo ledger was not changed by hand in between. All writes are set-wise
(``COPY`` on PostgreSQL, batched ``executemany`` on SQLite); the registry is written in one transaction,
each month's billing and the payments with their allocation in one each.

The wage figures are demo constants around the provincial minimum wages (UMP), not law: no obligation is
computed from them here; the bills come from the reported wages through the rules.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Sum

from sinergi import clock
from sinergi.clock import today as local_today
from sinergi.formatting import format_rupiah, group_thousands
from sinergi.orgs.models import OrgUnit
from sinergi.regions.models import Region
from sinergi.rules import Period, rate_table
from sinergi.rules.periods import add_months
from sinergi.rules.receivables import pupn_minimum

NPP_PREFIX = "9"  # 90000000–99999999 is reserved for generated demo employers
KPJ_LOW, KPJ_HIGH = 90_000_000_000, 99_999_999_999  # demo KPJ range
REFERENCE_PREFIX = "DEMO-"
WINDOW_MONTHS = 36
AUDIT_ACTION = "demo.receivables"
PAYMENTS_ACTION = "demo.receivables_payments"
CHUNK = 2000  # employers per write/read batch: bounded memory at scale region
SEED_TARGET_TOTAL = 2_000_000_000  # source 000: "total piutang sekitar Rp 2 miliar"


@dataclass(frozen=True)
class Scale:
    employers: int
    workers: int


SCALES = {
    "tiny": Scale(150, 3_000),  # tests
    "small": Scale(2_000, 50_000),
    "region": Scale(50_000, 1_000_000),
}


@dataclass(frozen=True)
class BranchSpec:
    code: str
    digit: str  # second digit of the NPP
    share: int  # share of the unplanned employers, percent
    economy: str  # key of SECTOR_WEIGHTS
    names: str  # key of PERSON_NAMES / PLACE_WORDS
    macet_pupn: int  # planned macet employers owing ≥ Rp 8 juta (the 22)
    macet_small: int  # planned macet employers owing less than Rp 8 juta
    macet_local: int  # planned macet employers outside the 22 (Kupang)


BRANCHES = (
    BranchSpec("bpjs-cabang-balikpapan", "1", 24, "kaltim", "kalimantan", 6, 1, 0),
    BranchSpec("bpjs-cabang-samarinda", "2", 22, "kaltim", "kalimantan", 5, 1, 0),
    BranchSpec("bpjs-cabang-bontang", "3", 10, "bontang", "kalimantan", 4, 1, 0),
    BranchSpec("bpjs-cabang-tarakan", "4", 12, "kaltara", "kaltara", 5, 1, 0),
    BranchSpec("bpjs-cabang-tenggarong", "5", 12, "kukar", "kalimantan", 2, 1, 0),
    BranchSpec("bpjs-cabang-kupang", "6", 20, "ntt", "ntt", 0, 0, 6),
)
KALIMANTAN = tuple(b.code for b in BRANCHES if b.names != "ntt")

# --- demo constants: economy, wages, names ---------------------------------------------------------------

# Provincial minimum wages (UMP) as published for each year, rounded as announced. DEMO CONSTANTS, NOT LAW:
# they only place the generated wages; no contribution or obligation is computed from them. Years after the
# last one listed grow by UMP_GROWTH_PERMILLE a year, years before shrink by it.
UMP = {
    "64": {2021: 2_981_379, 2022: 3_014_497, 2023: 3_201_396, 2024: 3_360_858, 2025: 3_579_314},  # Kaltim
    "65": {2021: 3_000_803, 2022: 3_016_738, 2023: 3_251_702, 2024: 3_361_653, 2025: 3_580_160},  # Kaltara
    "53": {2021: 1_975_000, 2022: 1_975_000, 2023: 2_123_994, 2024: 2_186_826, 2025: 2_328_969},  # NTT
}
UMP_GROWTH_PERMILLE = 65

# KBLI 2020 activities by category: (code, JKK risk group, wage level ‰ of UMP low–high, name words, where).
# The risk group follows the activity's hazard (PP 44/2015 groups: 1 very low … 5 very high); "where" limits
# an activity to some branch economies (K = Kalimantan, T = NTT; empty = everywhere).
KBLI = {
    "A": (("01262", 3, 1000, 1250, ("Sawit", "Agro", "Kebun"), "K"), ("01291", 3, 1000, 1200, ("Agro", "Karet"), "K"),
          ("01411", 2, 950, 1100, ("Ternak", "Agro"), "T"), ("01461", 2, 1000, 1150, ("Ternak", "Agro"), ""),
          ("03111", 4, 1000, 1300, ("Bahari", "Samudra", "Mina"), "")),
    "B": (("05100", 5, 1500, 3000, ("Bara", "Batubara", "Tambang", "Energi"), "K"),
          ("06100", 5, 1800, 3200, ("Petro", "Migas", "Energi"), "K"),
          ("09100", 4, 1400, 2500, ("Petro", "Teknik", "Migas"), "K"),
          ("09900", 4, 1300, 2200, ("Tambang", "Mineral", "Teknik"), ""),
          ("08930", 3, 1000, 1200, ("Garam", "Mineral"), "T")),
    "C": (("10431", 3, 1100, 1600, ("Sawit", "Olah", "Agro"), "K"), ("16101", 4, 1000, 1300, ("Kayu", "Rimba"), "K"),
          ("16211", 4, 1000, 1350, ("Kayu", "Plywood"), "K"),
          ("10710", 2, 950, 1150, ("Boga", "Roti", "Pangan"), ""),
          ("20121", 4, 1400, 2400, ("Kimia", "Pupuk", "Industri"), "K"),
          ("11050", 2, 1000, 1200, ("Tirta", "Air"), "")),
    "D": (("35101", 3, 1300, 2000, ("Daya", "Energi", "Listrik"), ""),),
    "F": (("41011", 4, 1000, 1400, ("Bangun", "Konstruksi", "Graha"), ""),
          ("41012", 4, 1000, 1450, ("Konstruksi", "Karya", "Graha"), ""),
          ("42101", 5, 1050, 1500, ("Konstruksi", "Karya", "Beton"), ""),
          ("43211", 3, 1000, 1350, ("Teknik", "Elektrik", "Instalasi"), "")),
    "G": (("47111", 1, 950, 1100, ("Mart", "Niaga", "Swalayan"), ""),
          ("47300", 2, 1000, 1150, ("Niaga", "Petro"), ""),
          ("46100", 1, 1000, 1250, ("Niaga", "Dagang", "Sentra"), ""),
          ("45201", 2, 1000, 1200, ("Motor", "Teknik"), ""),
          ("47711", 1, 950, 1100, ("Busana", "Niaga"), ""),
          ("46311", 1, 950, 1150, ("Pangan", "Dagang"), "")),
    "H": (("49431", 3, 1000, 1300, ("Trans", "Logistik", "Ekspres"), ""),
          ("50131", 4, 1100, 1600, ("Samudra", "Bahari", "Pelayaran"), ""),
          ("50211", 3, 1000, 1250, ("Sungai", "Lintas", "Armada"), "K"),
          ("52101", 2, 1000, 1250, ("Logistik", "Gudang"), ""),
          ("52240", 4, 1000, 1400, ("Bongkar", "Pelabuhan"), "")),
    "I": (("55110", 1, 1000, 1300, ("Hotel", "Wisata", "Inn"), ""),
          ("55120", 1, 950, 1100, ("Wisma", "Penginapan"), ""),
          ("56101", 1, 950, 1150, ("Rasa", "Boga", "Kuliner"), ""),
          ("56102", 1, 900, 1050, ("Rasa", "Selera"), "")),
    "M": (("71102", 1, 1200, 2000, ("Konsultan", "Rekayasa", "Teknik"), ""),),
    "N": (("80100", 2, 1000, 1150, ("Satria", "Pengaman", "Jasa"), ""),
          ("81210", 1, 950, 1050, ("Bersih", "Jasa"), ""),
          ("78200", 2, 1000, 1200, ("Tenaga", "Jasa", "Sumber Daya"), "")),
    "Q": (("86103", 1, 1000, 1400, ("Medika", "Husada", "Sehat"), ""),),
}
SECTOR_WEIGHTS = {  # category letter -> weight, per branch economy
    "kaltim": {"B": 14, "A": 13, "F": 13, "G": 22, "H": 10, "I": 8, "C": 8, "N": 6, "M": 2, "Q": 2, "D": 2},
    "bontang": {"B": 16, "C": 14, "A": 8, "F": 13, "G": 20, "H": 10, "I": 8, "N": 7, "M": 2, "Q": 2},
    "kukar": {"A": 22, "B": 20, "F": 12, "G": 18, "H": 8, "I": 5, "C": 7, "N": 5, "Q": 2, "D": 1},
    "kaltara": {"A": 18, "B": 8, "F": 13, "G": 22, "H": 14, "I": 9, "C": 6, "N": 6, "M": 2, "Q": 2},
    "ntt": {"G": 28, "I": 14, "F": 15, "A": 10, "H": 8, "C": 5, "B": 2, "N": 10, "Q": 5, "M": 3},
}
FEMALE_PERMILLE = {"A": 250, "B": 80, "C": 250, "D": 100, "F": 60, "G": 500, "H": 120, "I": 550, "M": 300,
                   "N": 250, "Q": 650}
# Size classes by headcount (BPS bands): micro < 5, small 5–19, medium 20–99, large ≥ 100.
SIZE_BANDS = (("mikro", 1, 4, 38), ("kecil", 5, 19, 34), ("menengah", 20, 99, 21), ("besar", 100, 600, 7))

PLACE_WORDS = {
    "kalimantan": ("Borneo", "Mahakam", "Etam", "Benua", "Kutai", "Khatulistiwa", "Kaltim", "Paser", "Berau",
                   "Sangatta", "Manggar", "Karang Joang", "Lamin", "Kenyah", "Tepian"),
    "kaltara": ("Kaltara", "Paguntaka", "Bulungan", "Kayan", "Sesayap", "Nunukan", "Malinau", "Borneo",
                "Khatulistiwa", "Tidung"),
    "ntt": ("Flobamora", "Timor", "Sasando", "Kupang", "Nusa", "Flores", "Sumba", "Lontar", "Kelimutu", "Tenun",
            "Komodo", "Rote"),
}
VIRTUE_WORDS = ("Makmur", "Sejahtera", "Jaya", "Abadi", "Sentosa", "Mandiri", "Perkasa", "Lestari", "Utama",
                "Sakti", "Bersama", "Gemilang", "Cemerlang", "Prima", "Sukses", "Berkah", "Mulia", "Raya",
                "Nusantara", "Persada", "Indah", "Sinar", "Putra", "Mitra", "Cahaya", "Karya", "Anugerah")
STREETS = {
    "kalimantan": ("Jend. Sudirman", "MT Haryono", "Ahmad Yani", "Mulawarman", "Soekarno-Hatta",
                   "Pangeran Antasari", "Gatot Subroto", "Diponegoro", "Juanda", "Imam Bonjol", "Pahlawan",
                   "Letjen Suprapto", "Awang Long", "Slamet Riyadi", "Cipto Mangunkusumo"),
    "kaltara": ("Yos Sudarso", "Mulawarman", "Gajah Mada", "Sei Sesayap", "Kusuma Bangsa", "Diponegoro",
                "Jend. Sudirman", "Aki Babu"),
    "ntt": ("El Tari", "Timor Raya", "Frans Seda", "W.J. Lalamentik", "Soeharto", "Adisucipto", "Piet A. Tallo",
            "Herman Johannes", "Ahmad Yani", "Sumba"),
}
PERSON_NAMES = {
    "kalimantan": (
        ("Muhammad", "Ahmad", "Budi", "Agus", "Andi", "Rizky", "Hendra", "Eko", "Joko", "Slamet", "Rahmat",
         "Syahrul", "Fajar", "Dedi", "Arif", "Yusuf", "Hasan", "Irwan", "Wahyu", "Bambang", "Dimas", "Reza",
         "Aditya", "Fikri", "Gusti", "Yohanes", "Markus", "Stefanus", "Ilham", "Taufik", "Rudi", "Haris",
         "Zainal", "Aji", "Awang", "Hairul", "Syamsul", "Herman", "Teguh", "Sugianto"),
        ("Siti", "Nur", "Sri", "Dewi", "Rina", "Wulan", "Fitri", "Aisyah", "Putri", "Yuliana", "Maria", "Novita",
         "Rini", "Ayu", "Indah", "Nurul", "Sari", "Hartini", "Fatimah", "Lusia", "Dayang", "Mega", "Anisa",
         "Dian", "Ratna", "Kartika"),
        ("Santoso", "Saputra", "Pratama", "Hidayat", "Wijaya", "Setiawan", "Kurniawan", "Gunawan", "Rahman",
         "Hakim", "Syahputra", "Nugroho", "Susanto", "Firmansyah", "Maulana", "Ramadhan", "Noor", "Arsyad",
         "Baharuddin", "Sulaiman", "Hamzah", "Effendi", "Siregar", "Manurung", "Wibowo", "Lung", "Ajang",
         "Lahang", "Bilung", "Usat"),
        ("Handayani", "Lestari", "Wahyuni", "Rahmawati", "Susanti", "Puspitasari", "Anggraini", "Safitri",
         "Maharani", "Ningsih", "Hasanah", "Noor", "Lung"),
    ),
    "kaltara": (
        ("Muhammad", "Ahmad", "Andi", "Rizky", "Hendra", "Yusuf", "Irwan", "Wahyu", "Datu", "Ilham", "Agus",
         "Budi", "Markus", "Yohanes", "Daniel", "Syamsuddin", "Arman", "Jufri", "Ridwan", "Amir"),
        ("Siti", "Nur", "Sri", "Dewi", "Fitri", "Aisyah", "Putri", "Maria", "Ayu", "Nurul", "Sari", "Rosmiati",
         "Hasnah", "Yuliana", "Ratna"),
        ("Saputra", "Pratama", "Hidayat", "Rahman", "Hakim", "Arsyad", "Baharuddin", "Sulaiman", "Hamzah",
         "Lahang", "Ajang", "Usat", "Padan", "Irang", "Mappa", "Tahir", "Lewi"),
        ("Lestari", "Wahyuni", "Rahmawati", "Safitri", "Ningsih", "Hasanah", "Padan", "Irang"),
    ),
    "ntt": (
        ("Yohanes", "Yosef", "Fransiskus", "Agustinus", "Dominggus", "Markus", "Petrus", "Paulus", "Stefanus",
         "Marthen", "Yeremias", "Frederikus", "Alfonsus", "Benediktus", "Kornelis", "Simon", "Daniel", "Yakobus",
         "Melkianus", "Aris", "Umbu", "Gabriel"),
        ("Maria", "Theresia", "Yuliana", "Margaretha", "Agustina", "Kristina", "Elisabeth", "Yasinta",
         "Veronika", "Fransiska", "Serlina", "Oktavia", "Novita", "Anastasia", "Martha", "Imelda", "Rambu"),
        ("Ndun", "Lay", "Manafe", "Tefa", "Bria", "Nenobais", "Fanggidae", "Pello", "Mau", "Seran", "Lake",
         "Benu", "Nahak", "Kolo", "Dethan", "Messakh", "Toelle", "Adoe", "Ratu", "Tallo", "Lado", "Bunga",
         "Kase", "Ndolu", "Riwu", "Haning", "Foenay", "Amalo", "Nope"),
        ("Ndun", "Lay", "Manafe", "Tefa", "Bria", "Fanggidae", "Pello", "Mau", "Seran", "Benu", "Kolo", "Dethan",
         "Messakh", "Adoe", "Tallo", "Riwu"),
    ),
}
KPP = {"bpjs-cabang-balikpapan": "721", "bpjs-cabang-samarinda": "722", "bpjs-cabang-bontang": "724",
       "bpjs-cabang-tarakan": "723", "bpjs-cabang-tenggarong": "727", "bpjs-cabang-kupang": "920"}

# Payment behaviours of the unplanned employers, weights per branch group. Nothing in Kalimantan stops
# paying: there the macet employers are exactly the planned ones.
PROFILE_WEIGHTS = {
    "kalimantan": {"chronic": 5, "late_long": 7, "late": 12, "partial": 6},
    "ntt": {"stopper": 8, "chronic": 6, "late_long": 8, "late": 12, "partial": 6},
}
CHRONIC_DELAY = 9  # months: the oldest unpaid bill stays 7–9 months overdue (diragukan)


# --- the plan --------------------------------------------------------------------------------------------

@dataclass
class EmployerPlan:
    npp: str
    branch: str
    names: str
    sector: str
    kbli: str
    risk_group: int
    wage_low: int  # ‰ of UMP
    wage_high: int
    name: str = ""
    npwp: str = ""
    regency: str = ""
    address: str = ""
    registered_on: date = date(2010, 1, 1)
    is_project: bool = False
    status: str = "active"
    size_class: str = "kecil"
    positions: int = 1
    without_jp: bool = False
    closes: Period | None = None  # every employment ends with this month
    project_start: date | None = None
    role: str = "random"  # random | macet_pupn | macet_small | macet_local
    profile: str = "on_time"  # on_time | late | partial | late_long | chronic | stopper
    delay: int = 0  # months, for late_long and chronic
    stop: Period | None = None  # first month left unpaid (stopper and planned macet)
    target: int = 0  # rupiah of principal to leave unpaid (planned macet)


@dataclass
class Plan:
    seed: int
    scale: str
    window_end: Period
    employers: list[EmployerPlan] = field(default_factory=list)

    @property
    def window_start(self) -> Period:
        return self.window_end.shift(-(WINDOW_MONTHS - 1))

    def by_npp(self) -> dict[str, EmployerPlan]:
        return {e.npp: e for e in self.employers}


def _index(period: Period) -> int:
    return period.year * 12 + period.month - 1


def window_end_for(day: date) -> Period:
    """The last complete contribution month before ``day`` (the demo's window ends there)."""
    return Period.of(day).shift(-1)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _random_date(rng: random.Random, low: date, high: date) -> date:
    if high <= low:
        return low
    return low + timedelta(days=rng.randint(0, (high - low).days))


def ump(province: str, year: int) -> int:
    """The demo UMP figure of a province and year (see UMP: demo constants, not law)."""
    table = UMP[province]
    first, last = min(table), max(table)
    if year > last:
        value = table[last]
        for _ in range(year - last):
            value = value * (1000 + UMP_GROWTH_PERMILLE) // 1000
        return value
    if year < first:
        value = table[first]
        for _ in range(first - year):
            value = value * 1000 // (1000 + UMP_GROWTH_PERMILLE)
        return value
    return table[year]


def _company_name(rng: random.Random, plan: EmployerPlan, words: tuple[str, ...]) -> str:
    form = "CV" if plan.size_class in ("mikro", "kecil") and rng.random() < 0.45 else "PT"
    place = rng.choice(PLACE_WORDS[plan.names])
    virtue, virtue2 = rng.sample(VIRTUE_WORDS, 2)
    word = rng.choice(words)
    pattern = rng.randrange(4)
    parts = ((place, word, virtue), (word, virtue, virtue2), (place, virtue, virtue2), (virtue, word, place))[pattern]
    return f"{form} {' '.join(parts)}"


def _regencies(branches: Iterable[OrgUnit]) -> dict[str, list[tuple[str, str, int]]]:
    """Per branch code: (regency code, name, weight) of its working area; the seat weighs more."""
    units = {u.code: u for u in branches}
    jurisdictions: dict[str, list[str]] = defaultdict(list)
    for unit_code, region_code in OrgUnit.jurisdiction.through.objects.filter(
            orgunit__code__in=list(units)).values_list("orgunit__code", "region_id"):
        jurisdictions[unit_code].append(region_code)
    provinces = {c for codes in jurisdictions.values() for c in codes if "." not in c}
    regency_rows = Region.objects.filter(level=Region.Level.REGENCY, is_current=True).filter(
        parent_id__in=provinces).values_list("code", "name") if provinces else []
    by_province = defaultdict(list)
    for code, _name in regency_rows:
        by_province[code[:2]].append(code)
    names = dict(Region.objects.filter(level=Region.Level.REGENCY).values_list("code", "name"))
    result = {}
    for unit_code, unit in units.items():
        codes: list[str] = []
        for c in sorted(jurisdictions.get(unit_code, [])):
            codes.extend(sorted(by_province[c]) if "." not in c else [c])
        seat = unit.region_id
        result[unit_code] = [(c, names.get(c, c), 4 if c == seat else 1) for c in codes]
    return result


def _sizes(rng: random.Random, count: int, positions_target: int) -> list[int]:
    """Headcounts for ``count`` employers, heavy-tailed like a real register, scaled to about the target."""
    raw = []
    for _ in range(count):
        _size, low, high, _w = rng.choices(SIZE_BANDS, weights=[b[3] for b in SIZE_BANDS])[0]
        if high - low > 20:  # log-uniform in the wide bands
            raw.append(round(low * (high / low) ** rng.random()))
        else:
            raw.append(rng.randint(low, high))
    total = sum(raw)
    if total <= 0:
        return raw
    factor = positions_target / total
    return [max(1, round(n * factor)) if n >= 5 else n for n in raw]


def _size_class(headcount: int) -> str:
    for name, low, high, _w in SIZE_BANDS:
        if low <= headcount <= high:
            return name
    return "besar"


def _rates(window_end: Period) -> dict[int, Decimal]:
    """Employer + worker rate of a risk group (JKK, JKM, JHT, JP) — only to size the planned employers."""
    table = rate_table(period=window_end)
    totals = {}
    for group in range(1, 6):
        totals[group] = sum((e.rate for e in table.entries if e.payer in ("employer", "worker")
                             and (e.risk_group is None or e.risk_group == group)), Decimal(0))
    return totals


def _pupn_targets(rng: random.Random, count: int) -> list[int]:
    """``count`` amounts, a few large and many small (from about Rp 12 juta), summing to SEED_TARGET_TOTAL."""
    raw = [2 ** rng.randint(0, 4) * rng.randint(80, 125) for _ in range(count)]
    targets = [max(12_000_000, SEED_TARGET_TOTAL * r // sum(raw) // 1000 * 1000) for r in raw]
    largest = targets.index(max(targets))
    targets[largest] += SEED_TARGET_TOTAL - sum(targets)
    return targets


def plan_build(*, seed: int, scale: str, window_end: Period, branches: list[OrgUnit]) -> Plan:
    """The employers of the demo (no workers yet): deterministic for (seed, scale, window_end)."""
    if scale not in SCALES:
        raise ValueError(f"unknown demo scale {scale!r}; choose from {', '.join(SCALES)}")
    size = SCALES[scale]
    rng = random.Random(seed)
    plan = Plan(seed=seed, scale=scale, window_end=window_end)
    start = plan.window_start
    last = window_end
    regencies = _regencies(branches)
    rates = _rates(window_end)
    planned_total = sum(b.macet_pupn + b.macet_small + b.macet_local for b in BRANCHES)
    unplanned = size.employers - planned_total
    shares = [unplanned * b.share // 100 for b in BRANCHES]
    shares[0] += unplanned - sum(shares)
    npps: dict[str, list[int]] = {}
    for spec, share in zip(BRANCHES, shares, strict=True):
        count = share + spec.macet_pupn + spec.macet_small + spec.macet_local
        npps[spec.code] = sorted(rng.sample(range(1, 1_000_000), count))

    planned_workers = 0
    pupn_targets = _pupn_targets(rng, sum(b.macet_pupn for b in BRANCHES))
    for spec, share in zip(BRANCHES, shares, strict=True):
        numbers = npps[spec.code][:]
        rng.shuffle(numbers)
        roles = (["macet_pupn"] * spec.macet_pupn + ["macet_small"] * spec.macet_small
                 + ["macet_local"] * spec.macet_local + ["random"] * share)
        for number, role in zip(numbers, roles, strict=True):
            weights = SECTOR_WEIGHTS[spec.economy]
            if role != "random":  # the defaulters of the source documents: contractors, haulers, mines, farms
                weights = {k: v for k, v in weights.items() if k in "ABFGHC"}
            sector = _weighted(rng, weights)
            here = "T" if spec.names == "ntt" else "K"
            kbli, group, low, high, _words, _where = rng.choice([k for k in KBLI[sector] if k[5] in ("", here)])
            employer = EmployerPlan(npp=f"{NPP_PREFIX}{spec.digit}{number:06d}", branch=spec.code, names=spec.names,
                                    sector=sector, kbli=kbli, risk_group=group, wage_low=low, wage_high=high,
                                    role=role)
            regency_choices = regencies[spec.code]
            employer.regency = rng.choices([r[0] for r in regency_choices],
                                           weights=[r[2] for r in regency_choices])[0]
            regency_name = next(r[1] for r in regency_choices if r[0] == employer.regency)
            employer.address = (f"Jl. {rng.choice(STREETS[spec.names])} No. {rng.randint(1, 250)}, "
                                f"{regency_name.replace('Kabupaten ', 'Kab. ')}")
            employer.npwp = f"0{rng.randint(1, 9)}{rng.randint(0, 9_999_999):07d}{KPP[spec.code]}000"
            if role == "random":
                employer.registered_on = (
                    _random_date(rng, date(2005, 1, 1), add_months(start.first_day, -12)) if rng.random() < 0.85
                    else _random_date(rng, add_months(start.first_day, -12), add_months(last.last_day, -2)))
            else:
                employer.registered_on = _random_date(rng, date(2008, 1, 1), date(2020, 12, 31))
            plan.employers.append(employer)
            if role == "macet_pupn":
                _plan_pupn(rng, employer, pupn_targets.pop(), rates, start, last)
                planned_workers += employer.positions
            elif role == "macet_small":
                _plan_small(rng, employer, start, last)
                planned_workers += employer.positions
            elif role == "macet_local":
                _plan_local(rng, employer, start, last)
                planned_workers += employer.positions

    randoms = [e for e in plan.employers if e.role == "random"]
    # Positions are about 85 % of the workers: the rest are the earlier holders of replaced positions.
    positions = _sizes(rng, len(randoms), max(len(randoms), (size.workers - planned_workers) * 85 // 100))
    for employer, headcount in zip(randoms, positions, strict=True):
        employer.positions = headcount
        employer.size_class = _size_class(headcount)
        employer.without_jp = (employer.size_class == "mikro" and rng.random() < 0.4) or (
            employer.size_class == "kecil" and rng.random() < 0.15)
        if employer.sector == "F" and employer.size_class != "besar" and rng.random() < 0.2:
            employer.is_project = True
            employer.project_start = _random_date(rng, add_months(start.first_day, -6),
                                                  add_months(last.first_day, -4))
            employer.registered_on = employer.project_start
            ends = Period.of(employer.project_start).shift(rng.randint(6, 18))
            if ends <= last:
                employer.closes, employer.status = ends, "non_active"
        elif rng.random() < 0.03 and employer.registered_on < add_months(start.first_day, -12):
            employer.closes = last.shift(-rng.randint(2, 30))
            employer.status = rng.choice(("closed", "closed", "non_active", "bankrupt"))
    _assign_profiles(rng, plan)
    for employer in plan.employers:
        employer.name = _company_name(rng, employer, next(k[4] for k in KBLI[employer.sector]
                                                            if k[0] == employer.kbli))
    plan.employers.sort(key=lambda e: e.npp)
    return plan


def _plan_pupn(rng: random.Random, employer: EmployerPlan, target: int, rates: dict[int, Decimal],
               start: Period, last: Period) -> None:
    """One of the 22: closed before the window ends; workforce sized so its unpaid months reach ``target``."""
    employer.target = target
    employer.closes = last.shift(-rng.randint(1, 10))
    latest_stop = min(employer.closes, last.shift(-12))
    months = rng.randint(8, 24)
    months = max(months, _index(employer.closes) - _index(latest_stop) + 1)
    months = min(months, _index(employer.closes) - _index(start) + 1)
    employer.stop = employer.closes.shift(-(months - 1))
    province = employer.regency[:2]
    wage = ump(province, last.year - 1) * (employer.wage_low + employer.wage_high) // 2000
    monthly = Decimal(wage) * rates[employer.risk_group]
    employer.positions = max(2, round(Decimal(target) / (monthly * months)))
    employer.size_class = _size_class(employer.positions)
    employer.status = rng.choice(("closed", "closed", "non_active"))
    employer.profile = "stopper"


def _plan_small(rng: random.Random, employer: EmployerPlan, start: Period, last: Period) -> None:
    """A micro employer that closed owing less than Rp 8 juta (macet, under the PUPN minimum)."""
    employer.positions = rng.randint(1, 2)
    employer.size_class = "mikro"
    employer.closes = last.shift(-rng.randint(13, 28))
    employer.target = rng.randint(2, 6) * 1_000_000
    employer.stop = employer.closes.shift(-3)
    employer.status = "closed"
    employer.profile = "stopper"
    employer.without_jp = True


def _plan_local(rng: random.Random, employer: EmployerPlan, start: Period, last: Period) -> None:
    """A Kupang employer that stopped paying more than a year ago; some still operate, some closed."""
    employer.profile = "stopper"
    employer.stop = last.shift(-rng.randint(12, 30))
    if rng.random() < 0.35:
        employer.positions = rng.randint(1, 2)
        employer.closes = employer.stop.shift(rng.randint(1, 4))
        employer.status = "closed"
    else:
        employer.positions = rng.randint(4, 30)
    employer.size_class = _size_class(employer.positions)


def _assign_profiles(rng: random.Random, plan: Plan) -> None:
    """Payment behaviours by quota per branch, so every class exists even at the smallest scale."""
    start = plan.window_start
    for spec in BRANCHES:
        randoms = [e for e in plan.employers if e.branch == spec.code and e.role == "random"]
        # Behaviours that keep months unpaid need an employer billed all along and still operating.
        steady = [e for e in randoms if e.closes is None and not e.is_project
                  and e.registered_on < add_months(start.first_day, -12)]
        rng.shuffle(steady)
        chosen: set[str] = set()
        for profile, weight in PROFILE_WEIGHTS[spec.names if spec.names == "ntt" else "kalimantan"].items():
            quota = max(1, round(len(randoms) * weight / 100))
            for employer in steady:
                if quota <= 0:
                    break
                if employer.npp in chosen:
                    continue
                employer.profile = profile
                chosen.add(employer.npp)
                quota -= 1
                if profile == "late_long":
                    employer.delay = rng.randint(4, 6)
                elif profile == "chronic":
                    employer.delay = CHRONIC_DELAY
                elif profile == "stopper":
                    employer.stop = plan.window_end.shift(-rng.randint(2, 30))
        for employer in randoms:
            if employer.npp not in chosen and rng.random() < 0.1:
                employer.profile = "late"  # the occasional late payer among those closing or on projects


# --- writing the registry --------------------------------------------------------------------------------

def _now_value():
    return connection.ops.adapt_datetimefield_value(clock.now())


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Write rows set-wise: COPY on PostgreSQL, batched executemany elsewhere."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
            for start in range(0, len(rows), 20_000):
                cursor.executemany(sql, rows[start:start + 20_000])


def _analyze(*tables: str) -> None:
    """Fresh statistics for PostgreSQL's planner: without them (autovacuum has not run yet, or the rows are
    still uncommitted in a test) it plans the billing over a million rows as if the tables were empty."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def _max_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


@dataclass
class RegistryCounts:
    employers: int = 0
    workers: int = 0
    employments: int = 0
    ended: int = 0
    wages: int = 0


class _People:
    """Workers' identities: names, NIK (unique per district, birth date and sequence), KPJ."""

    def __init__(self, rng: random.Random, districts: dict[str, list[str]]):
        self.rng = rng
        self.districts = districts
        self.sequences: dict[str, int] = {}
        self.kpjs: set[int] = set()

    def make(self, employer: EmployerPlan, start: date) -> tuple:
        rng = self.rng
        female = rng.randrange(1000) < FEMALE_PERMILLE.get(employer.sector, 300)
        age = int(rng.triangular(18, 52, 26))
        birth = date(start.year - age, rng.randint(1, 12), rng.randint(1, 28))
        district = rng.choice(self.districts[employer.regency])
        prefix = f"{district.replace('.', '')}{birth.day + (40 if female else 0):02d}{birth:%m%y}"
        sequence = self.sequences.get(prefix, 0) + 1
        self.sequences[prefix] = sequence
        nik = f"{prefix}{sequence:04d}"
        kpj = rng.randint(KPJ_LOW, KPJ_HIGH)
        while kpj in self.kpjs:
            kpj = rng.randint(KPJ_LOW, KPJ_HIGH)
        self.kpjs.add(kpj)
        firsts_m, firsts_f, lasts_m, lasts_f = PERSON_NAMES[employer.names]
        first = rng.choice(firsts_f if female else firsts_m)
        surname = rng.choice(lasts_f if female else lasts_m)
        name = f"{first} {surname}" if rng.random() < 0.85 else f"{first} {rng.choice(firsts_m)} {surname}"
        return nik, str(kpj), name, birth, "F" if female else "M", district


def _employments_of(rng: random.Random, employer: EmployerPlan, plan: Plan) -> list[tuple[date, date | None]]:
    """(start, end) of every employment of an employer: current holders, earlier holders, leavers."""
    window_first = plan.window_start.first_day
    last_day = plan.window_end.last_day
    ends = employer.closes.last_day if employer.closes else None
    spans: list[tuple[date, date | None]] = []
    for _ in range(employer.positions):
        if employer.is_project:
            begin = _random_date(rng, employer.project_start, employer.project_start + timedelta(days=30))
            spans.append((begin, ends))
            continue
        if employer.role != "random":
            begin = _random_date(rng, employer.registered_on, min(add_months(window_first, -3), date(2021, 12, 31)))
            spans.append((begin, ends))
            continue
        latest = add_months(ends or last_day, -1)
        if employer.registered_on < window_first and rng.random() < 0.75:
            begin = _random_date(rng, employer.registered_on, window_first - timedelta(days=1))
        else:
            begin = _random_date(rng, max(employer.registered_on, window_first), latest)
        begin = min(begin, latest)
        if begin > employer.registered_on + timedelta(days=120) and begin >= window_first and rng.random() < 0.6:
            # The position had an earlier holder who left shortly before.
            left = begin - timedelta(days=rng.randint(1, 30))
            came = _random_date(rng, employer.registered_on, left - timedelta(days=60))
            spans.append((came, left))
        end = ends
        if ends is None and rng.random() < 0.05:  # a leaver not replaced
            end = _random_date(rng, max(begin, window_first), last_day - timedelta(days=15))
        spans.append((begin, end))
    return spans


def _wages_of(rng: random.Random, employer: EmployerPlan, start: date, end: date | None,
              plan: Plan) -> list[tuple[date, int]]:
    """The wage at the start and a raise every 1 January in the window while employed."""
    province = employer.regency[:2]
    level = rng.randint(employer.wage_low, employer.wage_high)
    if employer.size_class == "mikro" and rng.random() < 0.5:
        level = rng.randint(900, 1000)
    elif rng.random() < 0.3:
        level = 1000  # exactly the minimum wage: common
    elif rng.random() < 0.04:
        level = level * rng.randint(2, 4)  # supervisors and managers

    def wage(year: int, bump: int) -> int:
        return ump(province, year) * (level + bump) // 1000 // 1000 * 1000 if level != 1000 else ump(province, year)

    rows = [(start, wage(start.year, 0))]
    for year in range(max(start.year + 1, plan.window_start.year), plan.window_end.year + 1):
        day = date(year, 1, 1)
        if end is not None and day > end:
            break
        rows.append((day, wage(year, 5 * (year - start.year))))
    return rows


def registry_write(*, plan: Plan) -> RegistryCounts:
    """Employers, workers, employments and wage reports of the plan, set-wise in one transaction."""
    rng = random.Random(f"{plan.seed}:workers")
    counts = RegistryCounts()
    units = dict(OrgUnit.objects.filter(code__in=[b.code for b in BRANCHES]).values_list("code", "pk"))
    regencies = sorted({e.regency for e in plan.employers})
    districts: dict[str, list[str]] = defaultdict(list)
    for code, parent in Region.objects.filter(level=Region.Level.DISTRICT, is_current=True,
                                              parent_id__in=regencies).order_by("code").values_list("code",
                                                                                                     "parent_id"):
        districts[parent].append(code)
    people = _People(rng, districts)
    now = _now_value()
    with transaction.atomic():
        _insert("registry_employer", (
            "npp", "name", "name_search", "npwp", "kbli", "sector", "size_class", "jkk_risk_group", "branch_id",
            "region_id", "address", "status", "registered_on", "is_construction_project", "relief_industry",
            "created_at", "updated_at"), [
            (e.npp, e.name, e.name.lower(), e.npwp, e.kbli, e.sector, e.size_class, e.risk_group, units[e.branch],
             e.regency, e.address, e.status, e.registered_on, e.is_project, "", now, now)
            for e in plan.employers])
        counts.employers = len(plan.employers)
        with connection.cursor() as cursor:
            cursor.execute("SELECT npp, id FROM registry_employer WHERE npp LIKE %s", [f"{NPP_PREFIX}%"])
            employer_ids = dict(cursor.fetchall())
        for chunk_start in range(0, len(plan.employers), CHUNK):
            chunk = plan.employers[chunk_start:chunk_start + CHUNK]
            workers, jobs, wages = [], [], []
            for employer in chunk:
                for begin, end in _employments_of(rng, employer, plan):
                    nik, kpj, name, birth, sex, district = people.make(employer, begin)
                    workers.append((nik, kpj, name, birth, sex, district, now))
                    jobs.append((nik, employer_ids[employer.npp], begin, end, not employer.without_jp))
                    wages.append(_wages_of(rng, employer, begin, end, plan))
                    counts.ended += end is not None
            before = _max_id("registry_worker")
            _insert("registry_worker", ("nik", "kpj", "name", "birth_date", "sex", "region_id", "created_at"), workers)
            with connection.cursor() as cursor:
                cursor.execute("SELECT nik, id FROM registry_worker WHERE id > %s", [before])
                worker_ids = dict(cursor.fetchall())
            before = _max_id("registry_employment")
            _insert("registry_employment", ("worker_id", "employer_id", "start_date", "end_date", "jkk", "jkm", "jht",
                                            "jp", "jkp"),
                    [(worker_ids[nik], employer_id, begin, end, True, True, True, jp, True)
                     for nik, employer_id, begin, end, jp in jobs])
            with connection.cursor() as cursor:
                cursor.execute("SELECT worker_id, id FROM registry_employment WHERE id > %s", [before])
                employment_ids = dict(cursor.fetchall())
            wage_rows = []
            for (nik, *_rest), reports in zip(jobs, wages, strict=True):
                employment_id = employment_ids[worker_ids[nik]]
                for effective, amount in reports:
                    wage_rows.append((employment_id, effective, Decimal(amount), effective + timedelta(days=7)))
            _insert("registry_wagereport", ("employment_id", "effective_from", "wage", "reported_on"), wage_rows)
            counts.workers += len(workers)
            counts.employments += len(jobs)
            counts.wages += len(wage_rows)
        _analyze("registry_employer", "registry_worker", "registry_employment", "registry_wagereport")
    return counts


# --- bills -----------------------------------------------------------------------------------------------

def _months(first: Period, last: Period) -> list[Period]:
    return [first.shift(i) for i in range(_index(last) - _index(first) + 1)]


def bills_write(*, first: Period, last: Period) -> dict:
    """A billing run for every month from ``first`` to ``last`` that has no successful full run yet."""
    from sinergi.receivables.billing import billing_run
    from sinergi.receivables.models import BillingRun

    done = set(BillingRun.objects.filter(branch__isnull=True, status=BillingRun.Status.SUCCEEDED,
                                         period__gte=first.first_day).values_list("period", flat=True))
    months = [p for p in _months(first, last) if p.first_day not in done]
    bills, amount = 0, Decimal(0)
    for period in months:
        run = billing_run(period=period)
        bills += run.counts["bills_created"]
        amount += Decimal(run.counts["amount"])
    if months:
        _analyze("receivables_bill", "receivables_billline")
    return {"months": len(months), "bills": bills, "amount": amount}


# --- payments --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Intent:
    on: date
    bill: int  # index of the bill in the employer's months
    kind: str  # "part" (a share of the month's principal) or "settle" (everything due up to the month)
    fraction: int = 0  # ‰ of the month's principal, for "part"


def _fit_stops(plan: Plan, principal: dict[str, dict[Period, Decimal]]) -> None:
    """Choose the first unpaid month of the planned macet employers from their actual bills.

    The 22 each leave about their target unpaid (never less than the PUPN minimum, with a margin) and
    together about Rp 2 miliar; the small ones stay under Rp 8 juta. Every stop is at least 12 months
    before the window's end, so the oldest unpaid bill is more than 9 months overdue on the day the
    window was chosen, and older on every later day.
    """
    latest = plan.window_end.shift(-12)
    minimum = pupn_minimum(plan.window_end.last_day)

    def cumulative(npp: str) -> list[tuple[Period, Decimal]]:
        months = sorted(principal.get(npp, {}).items(), reverse=True)
        out, total = [], Decimal(0)
        for period, amount in months:
            total += amount
            if period <= latest:
                out.append((period, total))
        return out  # latest stop first, growing amounts

    chosen: dict[str, tuple[int, list[tuple[Period, Decimal]]]] = {}
    for employer in plan.employers:
        if employer.role == "macet_pupn":
            options = [o for o in cumulative(employer.npp) if o[1] >= minimum + 1_000_000] or cumulative(
                employer.npp)
            if not options:
                continue
            best = min(range(len(options)), key=lambda i: abs(options[i][1] - employer.target))
            chosen[employer.npp] = (best, options)
        elif employer.role == "macet_small":
            options = [o for o in cumulative(employer.npp) if o[1] <= minimum - 500_000]
            if options:
                best = min(range(len(options)), key=lambda i: abs(options[i][1] - employer.target))
                employer.stop = options[best][0]
    # Nudge single months until the 22 together are within 2 % of the seed figure.
    for _ in range(200):
        total = sum(options[i][1] for i, options in chosen.values())
        gap = SEED_TARGET_TOTAL - total
        if abs(gap) <= SEED_TARGET_TOTAL // 50:
            break
        best_move, best_gap = None, abs(gap)
        for npp, (i, options) in chosen.items():
            for j in (i - 1, i + 1):
                if 0 <= j < len(options):
                    new_gap = abs(gap - (options[j][1] - options[i][1]))
                    if new_gap < best_gap:
                        best_move, best_gap = (npp, j), new_gap
        if best_move is None:
            break
        npp, j = best_move
        chosen[npp] = (j, chosen[npp][1])
    by_npp = plan.by_npp()
    for npp, (i, options) in chosen.items():
        by_npp[npp].stop = options[i][0]


def _intents(employer: EmployerPlan, months: list[tuple[Period, date]], rng: random.Random) -> list[Intent]:
    """When and how the employer pays each month's bill. Five draws per month whatever the behaviour, so a
    month's draws never depend on the window (top-ups after the calendar moved on agree with the past)."""
    intents = []
    for index, (period, due) in enumerate(months):
        u1, u2, u3, u4, u5 = (rng.random() for _ in range(5))
        earliest = max(period.last_day + timedelta(days=1), due - timedelta(days=12))
        on_time = earliest + timedelta(days=int(u1 * ((due - earliest).days + 1)))
        jitter = timedelta(days=int(u2 * 11))
        profile = employer.profile
        if employer.stop is not None and period >= employer.stop:
            continue
        if profile == "on_time" or profile == "stopper":
            day = add_months(due, 1) + jitter if u3 < 0.04 else on_time
            intents.append(Intent(day, index, "settle"))
        elif profile == "late":
            day = on_time if u3 < 0.5 else add_months(due, 1 + int(u4 * 3)) + jitter
            intents.append(Intent(day, index, "settle"))
        elif profile in ("late_long", "chronic"):
            intents.append(Intent(add_months(due, employer.delay) + jitter, index, "settle"))
        elif profile == "partial":
            if u3 < 0.35:
                intents.append(Intent(on_time, index, "part", 300 + int(u4 * 500)))
                intents.append(Intent(add_months(due, 1 if u5 < 0.5 else 2) + jitter, index, "settle"))
            else:
                intents.append(Intent(on_time, index, "settle"))
    intents.sort(key=lambda i: (i.on, i.bill, i.kind != "part"))
    return intents


def _simulate(employer: EmployerPlan, facts: list, intents: list[Intent], today: date) -> list[tuple]:
    """The payments of one employer, each sized by running the allocator's own plan on the bills as they
    stand on its date: a "settle" pays every principal and denda due up to its month, so what the
    allocator later does with the same payments in the same order leaves nothing behind by accident."""
    from sinergi.receivables.payments import Source, allocation_plan

    huge = Decimal(10) ** 15
    payments = []
    settled = 0  # facts before this index are fully paid, denda included
    for intent in intents:
        if intent.on > today or intent.bill < settled:
            continue
        scope = facts[settled:intent.bill + 1]
        fact = facts[intent.bill]
        if intent.kind == "part":
            principal = sum(fact.billed.values(), Decimal(0))
            amount = principal * intent.fraction // 1000 // 1000 * 1000
            owed = sum((fact.principal_outstanding(p) for p in fact.billed), Decimal(0))
            if amount <= 0 or amount >= owed:
                continue
            source = Source(0, intent.on, amount)
            allocation_plan(facts=scope, sources=[source])
        else:
            source = Source(0, intent.on, huge)
            allocation_plan(facts=scope, sources=[source])
            amount = huge - source.remaining
            settled = intent.bill + 1
        if amount > 0:
            period = Period.of(fact.period)
            reference = f"{REFERENCE_PREFIX}{employer.npp}-{period.year:04d}{period.month:02d}-" \
                        f"{1 if intent.kind == 'part' else 2}"
            payments.append((intent.on, amount, reference, period))
    return payments


def _paid_through() -> date | None:
    """The day up to which the demo's payments were last posted (None before the first posting)."""
    from sinergi.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action=PAYMENTS_ACTION).order_by("-at", "-id").first()
    return date.fromisoformat(event.after["paid_through"]) if event is not None else None


def payments_write(*, plan: Plan, today: date, bills_added: bool = False) -> dict:
    """Post the planned payments dated up to ``today`` that are not posted yet, then allocate them.

    Skipped when the payments were already posted up to today and no month was billed since: the same
    plan can add nothing then, and replaying it costs minutes at scale region."""
    from sinergi.audit.services import audit_record
    from sinergi.receivables.models import Bill, BillLine, Payment
    from sinergi.receivables.payments import payment_code_for, payments_allocate_batch
    from sinergi.receivables.penalties import BillFacts

    employer_ids = dict(_employer_ids())
    nothing = {"payments": 0, "amount": Decimal(0), "principal": Decimal(0), "penalty": Decimal(0),
               "credit": Decimal(0)}
    if not bills_added and _paid_through() == today:
        if _summaries_stale():
            _summaries_refresh()
        return nothing
    by_npp = plan.by_npp()
    planned = [e.npp for e in plan.employers if e.role in ("macet_pupn", "macet_small")]
    principal: dict[str, dict[Period, Decimal]] = defaultdict(dict)
    for npp, period, amount in Bill.objects.filter(employer__npp__in=planned).values_list(
            "employer__npp", "period", "principal"):
        principal[npp][Period.of(period)] = amount
    _fit_stops(plan, principal)

    existing = set(Payment.objects.filter(channel=Payment.Channel.BANK_FILE,
                                          reference__startswith=REFERENCE_PREFIX).values_list("reference", flat=True))
    npps = sorted(employer_ids)
    rows, now = [], _now_value()
    for start in range(0, len(npps), CHUNK):
        chunk = [employer_ids[n] for n in npps[start:start + CHUNK]]
        npp_of = {employer_ids[n]: n for n in npps[start:start + CHUNK]}
        facts: dict[int, list] = defaultdict(list)
        by_bill = {}
        for bill_id, employer_id, period, due in Bill.objects.filter(employer_id__in=chunk).order_by(
                "employer_id", "period").values_list("id", "employer_id", "period", "due_date"):
            fact = BillFacts(bill_id=bill_id, employer_id=employer_id, period=period, due=due)
            facts[employer_id].append(fact)
            by_bill[bill_id] = fact
        for bill_id, programme, total in BillLine.objects.filter(bill__employer_id__in=chunk).values(
                "bill_id", "programme").annotate(total=Sum("amount")).order_by().values_list(
                "bill_id", "programme", "total"):
            by_bill[bill_id].billed[programme] = total
        for employer_id in chunk:
            npp = npp_of[employer_id]
            employer = by_npp.get(npp)
            if employer is None or not facts[employer_id]:
                continue
            rng = random.Random(f"{plan.seed}:payments:{npp}")
            months = [(Period.of(f.period), f.due) for f in facts[employer_id]]
            for paid_on, amount, reference, period in _simulate(employer, facts[employer_id],
                                                                _intents(employer, months, rng), today):
                if reference not in existing:
                    rows.append((employer_id, amount, paid_on, "bank_file", reference,
                                 payment_code_for(npp=npp, period=period), "posted", "", None, now))
    before = _max_id("receivables_payment")
    stale = bool(rows) or _summaries_stale()
    with transaction.atomic():
        _insert("receivables_payment", ("employer_id", "amount", "paid_on", "channel", "reference", "payment_code",
                                        "status", "reversal_reason", "created_by_id", "created_at"), rows)
        _analyze("receivables_payment")
        new_ids = list(Payment.objects.filter(pk__gt=before, reference__startswith=REFERENCE_PREFIX)
                       .values_list("pk", flat=True))
        result = payments_allocate_batch(payments=new_ids, actor=None) if new_ids else None
        if stale:
            _summaries_refresh()
        if rows:
            audit_record(actor=None, action=PAYMENTS_ACTION, object_type="receivables.payment",
                         object_repr="Pembayaran demo", after={
                             "paid_through": today, "payments": len(rows), **result.as_dict()})
    if not rows:
        return nothing
    return {"payments": len(rows), "amount": sum((r[1] for r in rows), Decimal(0)), "principal": result.principal,
            "penalty": result.penalty, "credit": result.unallocated}


def _summaries_refresh() -> None:
    # The stored positions that the employer list and the aging report read follow billing runs, not
    # allocations; bring them up to date at once rather than at the next periodic job. All employers in
    # one statement: per-chunk refreshes re-aggregate every allocation for each chunk.
    from sinergi.receivables.summaries import summaries_refresh

    summaries_refresh()


def _summaries_stale() -> bool:
    """Whether the demo employers' stored positions are not those of today's ledger: of another day, or
    computed before allocations that came later the same day (their paid total differs)."""
    from sinergi.receivables.models import Allocation, EmployerSummary

    day = clock.today()
    demo = EmployerSummary.objects.filter(employer__npp__startswith=NPP_PREFIX)
    if not demo.exists() or demo.exclude(computed_on=day).exists():
        return True
    stored = demo.aggregate(paid=Sum("paid"))["paid"] or 0
    ledger = Allocation.objects.filter(
        bill__employer__npp__startswith=NPP_PREFIX, component=Allocation.Component.PRINCIPAL, reversed=False,
        payment__status="posted", payment__paid_on__lte=day).aggregate(paid=Sum("amount"))["paid"] or 0
    return stored != ledger


def _employer_ids() -> list[tuple[str, int]]:
    from sinergi.registry.models import Employer

    return list(Employer.objects.filter(npp__startswith=NPP_PREFIX).values_list("npp", "pk"))


# --- the step --------------------------------------------------------------------------------------------

def _recorded() -> dict | None:
    from sinergi.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("at", "id").first()
    return event.after if event is not None else None


def aging_summary(*, as_of: date) -> dict:
    """Employers per collectibility class, and the macet ≥ Rp 8 juta employers of Kalimantan's branches."""
    from sinergi.receivables.aging import aging_compute

    result = aging_compute(as_of=as_of, keep_rows=True)
    kalimantan = set(OrgUnit.objects.filter(code__in=KALIMANTAN).values_list("pk", flat=True))
    minimum = pupn_minimum(as_of)
    pupn = [(employer, amount) for employer, branch, _months, amount, klass in result.rows
            if klass == "macet" and branch in kalimantan and amount >= minimum]
    return {"classes": {k: v.employers for k, v in result.classes.items()}, "minimum": minimum,
            "pupn_employers": len(pupn), "pupn_amount": sum((a for _, a in pupn), Decimal(0))}


def demo_receivables(options, log: Callable[[str], None]) -> None:
    """The ``sinergi demo`` step: see the module docstring."""
    from sinergi.audit.services import audit_record

    today = local_today()
    branches = list(OrgUnit.objects.filter(code__in=[b.code for b in BRANCHES]))
    if len(branches) != len(BRANCHES):
        log("piutang demo: kantor cabang Kalimantan/Kupang belum dimuat; langkah ini dilewati")
        return
    started = time.monotonic()
    recorded = _recorded() if _employer_ids() else None
    if recorded is None and _employer_ids():
        log("piutang demo: NPP 9xxxxxxx sudah dipakai tanpa catatan demo; langkah ini dilewati")
        return
    if recorded is None:
        plan = plan_build(seed=options.seed, scale=options.scale, window_end=window_end_for(today),
                          branches=branches)
        with transaction.atomic():
            counts = registry_write(plan=plan)
            audit_record(actor=None, action=AUDIT_ACTION, object_type="registry.employer",
                         object_repr="Data piutang demo", after={
                             "seed": plan.seed, "scale": plan.scale, "window_end": str(plan.window_end),
                             "employers": counts.employers, "workers": counts.workers,
                             "employments": counts.employments, "wage_reports": counts.wages})
        log(f"pemberi kerja demo: {group_thousands(counts.employers)} (NPP 9xxxxxxx), tenaga kerja "
            f"{group_thousands(counts.workers)}, hubungan kerja berakhir {group_thousands(counts.ended)}, "
            f"laporan upah {group_thousands(counts.wages)} — seed {plan.seed}, skala {plan.scale} "
            f"({time.monotonic() - started:.1f} detik)")
    else:
        plan = plan_build(seed=int(recorded["seed"]), scale=str(recorded["scale"]),
                          window_end=Period.parse(recorded["window_end"]), branches=branches)
        log(f"pemberi kerja demo: sudah ada (seed {plan.seed}, skala {plan.scale}, sampai "
            f"{plan.window_end}); hanya melengkapi bulan dan pembayaran yang belum ada")
    last = max(plan.window_end, window_end_for(today))
    step = time.monotonic()
    billed = bills_write(first=plan.window_start, last=last)
    log(f"penagihan {plan.window_start} s.d. {last}: {billed['months']} bulan ditagih, "
        f"{group_thousands(billed['bills'])} tagihan baru, {format_rupiah(billed['amount'])} "
        f"({time.monotonic() - step:.1f} detik)")
    step = time.monotonic()
    paid = payments_write(plan=plan, today=today, bills_added=billed["months"] > 0)
    log(f"pembayaran: {group_thousands(paid['payments'])} baru, {format_rupiah(paid['amount'])}, dialokasikan "
        f"ke iuran {format_rupiah(paid['principal'])} dan denda {format_rupiah(paid['penalty'])} "
        f"({time.monotonic() - step:.1f} detik)")
    summary = aging_summary(as_of=today)
    classes = summary["classes"]
    log(f"kolektibilitas pemberi kerja menunggak per {today:%d-%m-%Y}: lancar {classes['lancar']}, kurang "
        f"lancar {classes['kurang_lancar']}, diragukan {classes['diragukan']}, macet {classes['macet']}; macet "
        f"≥ {format_rupiah(summary['minimum'])} di Kanwil Kalimantan: {summary['pupn_employers']} pemberi kerja, "
        f"{format_rupiah(summary['pupn_amount'])} (total {time.monotonic() - started:.1f} detik)")
