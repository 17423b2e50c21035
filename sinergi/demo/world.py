"""The made-up world of the demo Kanwil: scales, branches, and the economy, wages and names that the
generated employers and workers are drawn from (demo constants, not law)."""

from __future__ import annotations

from dataclasses import dataclass

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
