"""A deterministic DTKS file generator with realistic, recorded mistakes: for the demo, the tests and the
benchmarks.

    made = dtks_generate(path=Path("dtks.csv"), rows=90_000, seed=2025, region_code="64.02",
                         mix=DEMO_MIX, registered=existing_niks)
    made.expected[row]          # the status the importer must give that file row
    made.probable_pairs         # (earlier row, later row): the same person, typo'd name, other NIK
    made.twins                  # (row, row): different people born the same day in the same village and KK

People live in the villages of ``region_code`` (from ``sinergi/regions/data``, no database needed), are
18–65 on ``reference_date``, carry a plausible NIK (the district of their village, birth date with +40 for
women, a sequence unique per district and date) and an occupation drawn with seed 004's mix (farmers and
planters, fishers, ojek and boatmen, waste pickers, marbot and guru ngaji, traders, labourers …). Cells are
spelled the way Dinsos files spell them: dates as ``12/06/1985``, ``1985-06-12``, ``12-06-1985`` or
``12 Juni 1985`` (and Excel serials in XLSX), JK as ``L``/``P`` or ``LAKI-LAKI``/``PEREMPUAN``, KODE_DESA with
or without dots.

``Mix`` gives the share of rows of each planted problem; every planted row has exactly one problem, so its
expected status is known. ``DEMO_MIX`` aims a 90.000-row file at about 60.000 valid rows and 30.000 with a
problem (issue 5, "Demo"); ``BENCH_MIX`` (the default) is a file with a tenth of its rows in trouble.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import random
from dataclasses import dataclass, field, fields
from pathlib import Path

from sinergi.rules.nik import nik_check

DATA_DIR = Path(__file__).resolve().parents[2] / "regions" / "data"
HEADER = ["NIK", "NO_KK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "ALAMAT", "KODE_DESA", "PEKERJAAN", "DESIL",
          "NO_HP"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
MEN = ("Muhammad", "Ahmad", "Budi", "Agus", "Andi", "Rizky", "Hendra", "Eko", "Joko", "Slamet", "Rahmat",
       "Syahrul", "Fajar", "Dedi", "Arif", "Yusuf", "Hasan", "Irwan", "Wahyu", "Bambang", "Dimas", "Reza",
       "Aditya", "Fikri", "Gusti", "Yohanes", "Markus", "Stefanus", "Ilham", "Taufik", "Rudi", "Haris", "Zainal",
       "Aji", "Awang", "Hairul", "Syamsul", "Herman", "Teguh", "Sugianto", "Abdul", "Rusdi", "Jumadi", "Saiful",
       "Mulyadi", "Darmawan", "Kamaruddin", "Suriansyah", "Sahrani", "Junaidi", "Yulianus", "Petrus", "Samsudin",
       "Mukhlis", "Rahmadi", "Fauzan", "Hamdani", "Supriadi", "Marwan", "Ardiansyah")
WOMEN = ("Siti", "Nur", "Sri", "Dewi", "Rina", "Wulan", "Fitri", "Aisyah", "Putri", "Yuliana", "Maria", "Novita",
         "Rini", "Ayu", "Indah", "Nurul", "Sari", "Hartini", "Fatimah", "Lusia", "Dayang", "Mega", "Anisa", "Dian",
         "Ratna", "Kartika", "Halimah", "Rusmini", "Jumiati", "Masitah", "Rosidah", "Salmah", "Norhayati",
         "Mardiana", "Nuraini", "Suryani", "Herlina", "Kasmawati", "Erna", "Yanti", "Rosita", "Marlina",
         "Sumarni", "Hafsah", "Rahmah")
MIDDLE = ("Nur", "Dwi", "Tri", "Eka", "Budi", "Indra", "Putra", "Putri", "Ayu", "Ratna", "Sri", "Adi", "Dian",
          "Abdul", "Muhammad", "Nurul", "Rizki", "Tri", "Fitri", "Wahyu", "Anggun", "Cahya", "Intan", "Permata",
          "Surya", "Bayu", "Dewi", "Mega", "Sinta", "Yudha")
LAST = ("Santoso", "Saputra", "Pratama", "Hidayat", "Wijaya", "Setiawan", "Kurniawan", "Gunawan", "Rahman",
        "Hakim", "Syahputra", "Nugroho", "Susanto", "Firmansyah", "Maulana", "Ramadhan", "Noor", "Arsyad",
        "Baharuddin", "Sulaiman", "Hamzah", "Effendi", "Siregar", "Manurung", "Wibowo", "Lung", "Ajang", "Lahang",
        "Bilung", "Usat", "Handayani", "Lestari", "Wahyuni", "Rahmawati", "Susanti", "Puspitasari", "Anggraini",
        "Safitri", "Maharani", "Ningsih", "Hasanah", "Aini", "Yusran", "Anshari", "Mahmud", "Jailani", "Ismail",
        "Rasyid", "Fadillah", "Husain", "Kadir", "Basri", "Idris", "Syarifuddin", "Tamrin", "Riduan", "Asmuni")
# Seed 004's DTKS: mostly farmers and planters, then fishers, transport, cleaners, religious workers, others.
OCCUPATIONS = (
    ("Petani", 22), ("Pekebun", 10), ("Buruh tani", 8), ("Petani sawit", 4), ("Nelayan", 10),
    ("Pembudidaya ikan", 3), ("Tukang ojek", 7), ("Motoris klotok", 2), ("Sopir angkot", 2), ("Pemulung", 3),
    ("Petugas kebersihan", 2), ("Marbot", 2), ("Guru ngaji", 2), ("Penjaga makam", 1), ("Pedagang kecil", 8),
    ("Buruh harian lepas", 7), ("Tukang bangunan", 4), ("Penjahit", 2), ("Ibu rumah tangga", 1),
)
STREETS = ("Jl. Poros", "Jl. Mulawarman", "Jl. Gajah Mada", "Jl. Pesut", "Jl. Danau", "Gg. Damai", "Jl. Sawit",
           "Jl. Pelabuhan", "Jl. Masjid", "Jl. Kebun")


@dataclass(frozen=True)
class Mix:
    """Share of the rows of each planted problem (the rest is valid). Every planted row has one problem."""

    excel_damaged: float = 0.015  # NIK typed as a number: 6.40207E+15 or the sequence rounded to 0000
    birth_mismatch: float = 0.015  # stated birth date differs from the NIK's
    sex_mismatch: float = 0.01  # stated JK contradicts the NIK (+40 for women)
    registered: float = 0.01  # already a BPJS participant (needs ``registered`` NIKs)
    exact_duplicates: float = 0.01  # the same NIK again later in the file
    probable_duplicates: float = 0.01  # same person, typo'd name, mistyped NIK sequence
    other_regency: float = 0.01  # lives outside the programme's region
    age_out: float = 0.01  # younger than 18 or older than 65 on the reference date
    missing: float = 0.01  # a required cell left empty
    twins: float = 0.005  # valid: a sibling born the same day in the same village and KK


BENCH_MIX = Mix()
# 90.000 rows → about 60.000 valid and 30.000 with a problem (issue 5, "Demo").
DEMO_MIX = Mix(excel_damaged=0.06, birth_mismatch=0.06, sex_mismatch=0.03, registered=0.03,
               exact_duplicates=0.04, probable_duplicates=0.02, other_regency=0.04, age_out=0.03, missing=0.02,
               twins=0.01)
PROBLEMS = [f.name for f in fields(Mix) if f.name != "twins"]
EXPECTED = {
    "excel_damaged": "invalid", "birth_mismatch": "invalid", "sex_mismatch": "invalid",
    "registered": "already_participant", "exact_duplicates": "duplicate_in_file",
    "probable_duplicates": "review", "other_regency": "invalid", "age_out": "invalid", "missing": "invalid",
}


@dataclass
class Generated:
    path: Path
    rows: int
    expected: dict[int, str] = field(default_factory=dict)  # file row (header = 1) → expected status
    planted: dict[str, list[int]] = field(default_factory=dict)  # problem → file rows
    probable_pairs: list[tuple[int, int]] = field(default_factory=list)
    twins: list[tuple[int, int]] = field(default_factory=list)


def villages(prefix: str) -> list[str]:
    """Village codes (``64.02.07.2001``) under a region code, from the packaged Kepmendagri list."""
    with gzip.open(DATA_DIR / "villages.csv.gz", "rt", encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle) if row["code"].startswith(prefix + ".")]


@dataclass
class _Person:
    nik: str
    no_kk: str
    name: str
    born: dt.date
    sex: str
    village: str
    occupation: str
    desil: int
    phone: str
    address: str


class _Maker:
    def __init__(self, rng: random.Random, region_code: str, reference: dt.date):
        self.rng = rng
        self.reference = reference
        self.villages = villages(region_code)
        if not self.villages:
            raise ValueError(f"no villages under region {region_code!r}")
        # People from other regencies of the province; for a whole province, from the neighbouring ones.
        province = region_code.split(".")[0]
        self.elsewhere = [v for v in villages(province) if not v.startswith(region_code + ".")]
        if not self.elsewhere:
            self.elsewhere = [v for p in ("62", "63", "65") for v in villages(p) if p != province]
        self.sequence: dict[tuple[str, str], int] = {}
        self.kk = 0
        words, weights = zip(*OCCUPATIONS, strict=True)
        self.occupations = self.rng.choices(words, weights=weights, k=4096)

    def nik(self, village: str, born: dt.date, sex: str) -> str:
        district = village.replace(".", "")[:6]
        day = born.day + (40 if sex == "F" else 0)
        stamp = f"{day:02d}{born.month:02d}{born.year % 100:02d}"
        seq = self.sequence.get((district, stamp), 0) + 1
        self.sequence[(district, stamp)] = seq
        return f"{district}{stamp}{seq:04d}"

    def birth(self, low: int = 18, high: int = 65) -> dt.date:
        youngest = self.reference.replace(year=self.reference.year - low)
        oldest = self.reference.replace(year=self.reference.year - high - 1) + dt.timedelta(days=1)
        return oldest + dt.timedelta(days=self.rng.randrange((youngest - oldest).days + 1))

    def name(self, sex: str) -> str:
        first = self.rng.choice(WOMEN if sex == "F" else MEN)
        parts = [first]
        if self.rng.random() < 0.45:
            parts.append(self.rng.choice(MIDDLE))
        parts.append(self.rng.choice(LAST))
        return " ".join(parts)

    def person(self, *, village: str | None = None, born: dt.date | None = None, sex: str | None = None) -> _Person:
        rng = self.rng
        sex = sex or ("F" if rng.random() < 0.42 else "M")
        village = village or rng.choice(self.villages)
        born = born or self.birth()
        self.kk += 1
        district = village.replace(".", "")[:6]
        return _Person(
            nik=self.nik(village, born, sex), no_kk=f"{district}{rng.randrange(10**6, 10**7):07d}{self.kk % 1000:03d}",
            name=self.name(sex), born=born, sex=sex, village=village,
            occupation=self.occupations[rng.randrange(len(self.occupations))], desil=rng.randint(1, 4),
            phone=f"08{rng.randrange(10**9, 10**10)}",
            address=f"{rng.choice(STREETS)} RT {rng.randint(1, 40):03d}",
        )


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _typo(rng: random.Random, name: str) -> str:
    """One keyboard slip in the longest word, never its first letter: substitution, deletion, transposition
    or a doubled letter."""
    words = name.split()
    index = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[index]
    pos = rng.randrange(1, len(word) - 1) if len(word) > 2 else 1
    kind = rng.randrange(4)
    if kind == 0:
        letter = rng.choice([c for c in "aiueonmrs" if c != word[pos].lower()])
        word = word[:pos] + letter + word[pos + 1:]
    elif kind == 1:
        word = word[:pos] + word[pos + 1:]
    elif kind == 2 and pos + 1 < len(word):
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2:]
    else:
        word = word[:pos] + word[pos] + word[pos:]
    words[index] = word
    return " ".join(words)


def dtks_generate(*, path: Path, rows: int, seed: int = 2025, region_code: str = "64.02", fmt: str = "csv",
                  mix: Mix = BENCH_MIX, registered: list[str] | tuple[str, ...] = (),
                  reference_date: dt.date = dt.date(2025, 1, 1)) -> Generated:
    """Write a DTKS file of ``rows`` data rows to ``path`` (``fmt`` csv or xlsx); see the module docstring.
    ``registered`` are NIKs of people already insured (registry workers with an active employment or BPU
    membership): they are planted as ``already_participant``, as many as ``mix.registered`` asks and exist."""
    rng = random.Random(seed)
    maker = _Maker(rng, region_code, reference_date)
    made = Generated(path=Path(path), rows=rows, planted={p: [] for p in PROBLEMS})
    # Decide each row's role first, so the file is the same for the same seed whatever the mix's order.
    roles: list[str] = ["valid"] * rows
    slots = list(range(rows))
    rng.shuffle(slots)
    cursor = 0
    registered = list(registered)
    for problem in [*PROBLEMS, "twins"]:
        share = getattr(mix, problem)
        count = int(round(rows * share))
        if problem == "registered":
            count = min(count, len(registered))
        for slot in slots[cursor : cursor + count]:
            roles[slot] = problem
        cursor += count
    people: list[_Person] = []
    plain: list[int] = []  # indexes of valid rows a later duplicate or twin may copy
    for index, role in enumerate(roles):
        row = index + 2
        source_index = rng.choice(plain) if plain else None
        source = people[source_index] if plain else None
        needs_source = role in ("exact_duplicates", "probable_duplicates", "twins")
        if needs_source and source is None:
            role = roles[index] = "valid"
        person = maker.person()
        if role == "excel_damaged":
            if rng.random() < 0.5:
                person.nik = f"{int(person.nik) / 10**15:.5f}E+15"
            else:
                person.nik = person.nik[:12] + "0000"
        elif role == "birth_mismatch":
            shift = rng.choice([1, 2, 3, 31, 365, 730])
            person.born = person.born - dt.timedelta(days=shift)
            if not 18 <= _age(person.born, reference_date) <= 65:
                person.born = person.born + dt.timedelta(days=2 * shift)
        elif role == "sex_mismatch":
            person.sex = "M" if person.sex == "F" else "F"
        elif role == "registered":
            nik = registered.pop()
            check = nik_check(nik)
            person.nik = nik
            if check.birth_date:
                person.born, person.sex = check.birth_date, check.sex or person.sex
        elif role == "exact_duplicates":
            person = _Person(**vars(source))
            person.name = person.name.upper() if rng.random() < 0.5 else person.name
        elif role == "probable_duplicates":
            person = _Person(**vars(source))
            person.name = _typo(rng, person.name)
            person.nik = maker.nik(person.village, person.born, person.sex)
            if rng.random() < 0.3:
                person.no_kk = ""
            made.probable_pairs.append((source_index + 2, row))
        elif role == "other_regency":
            person = maker.person(village=rng.choice(maker.elsewhere))
        elif role == "age_out":
            person = maker.person(born=maker.birth(10, 17) if rng.random() < 0.5 else maker.birth(66, 80))
        elif role == "missing":
            what = rng.choice(["name", "born", "sex", "village", "occupation"])
            setattr(person, what, None)
        elif role == "twins":
            sibling = maker.person(village=source.village, born=source.born)
            while sibling.name.split()[0][0] == source.name.split()[0][0]:
                sibling.name = maker.name(sibling.sex)
            sibling.no_kk = source.no_kk
            person = sibling
            made.twins.append((source_index + 2, row))
        people.append(person)
        if role == "valid":
            plain.append(index)
        if role in EXPECTED:
            made.planted[role].append(row)
        made.expected[row] = EXPECTED.get(role, "valid")
    _write(made.path, people, fmt, rng)
    return made


def _cells(person: _Person, rng: random.Random, fmt: str) -> list:
    born = person.born
    if born is None:
        date = ""
    else:
        style = rng.randrange(5 if fmt == "xlsx" else 4)
        date = (born.strftime("%d/%m/%Y"), born.isoformat(), born.strftime("%d-%m-%Y"),
                f"{born.day} {MONTHS[born.month - 1]} {born.year}",
                (born - dt.date(1899, 12, 30)).days)[style]
    sex = "" if person.sex is None else (
        {"M": "L", "F": "P"} if rng.random() < 0.7 else {"M": "LAKI-LAKI", "F": "PEREMPUAN"})[person.sex]
    village = "" if person.village is None else (
        person.village if rng.random() < 0.5 else person.village.replace(".", ""))
    return [person.nik, person.no_kk, person.name or "", date, sex, person.address, village,
            person.occupation or "", str(person.desil), person.phone]


def _write(path: Path, people: list[_Person], fmt: str, rng: random.Random) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(HEADER)
            for person in people:
                writer.writerow(_cells(person, rng, fmt))
        return
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}: csv or xlsx")
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet("DTKS")
    sheet.write_row(0, 0, HEADER)
    for r, person in enumerate(people, start=1):
        for c, value in enumerate(_cells(person, rng, fmt)):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value != "":
                sheet.write_string(r, c, value)
    workbook.close()
