"""Demo people: one login per role, in the real offices of the source documents.

The password is the same for every demo login and is printed by `sinergi demo`; it satisfies the
password policy so the demo exercises the same rules as production.
"""

from __future__ import annotations

from sinergi.orgs.roles import R

DEMO_PASSWORD = "sinergi-demo-2025"

# (username, unit code, roles, first name, last name, position)
DEMO_USERS: list[tuple[str, str, tuple[R, ...], str, str, str]] = [
    ("admin", "sinergi", (R.SYSADMIN,), "Admin", "Sinergi", "Administrator sistem"),
    ("kanwil.kalimantan", "bpjs-kanwil-kalimantan", (R.BPJS_LEADERSHIP,), "Hendra", "Wijaya", "Kepala Kantor Wilayah"),
    # NTT's SKK work (seed 001) belongs to Kanwil Bali Nusa Tenggara Papua: its head follows it on the dashboard.
    ("kanwil.banuspa", "bpjs-kanwil-banuspa", (R.BPJS_LEADERSHIP,), "Made", "Suarsana", "Kepala Kantor Wilayah"),
    ("bpp.kepesertaan", "bpjs-cabang-balikpapan", (R.BPJS_MEMBERSHIP,), "Sari", "Lestari", "Penata Madya Kepesertaan"),
    ("bpp.piutang", "bpjs-cabang-balikpapan", (R.BPJS_RECEIVABLES,), "Dimas", "Pratama", "Penata Madya Keuangan"),
    ("bpp.pengawas", "bpjs-cabang-balikpapan", (R.BPJS_COMPLIANCE,), "Yusuf", "Ramadhan", "Petugas Pemeriksa"),
    ("bpp.klaim", "bpjs-cabang-balikpapan", (R.BPJS_CLAIMS,), "Nur", "Aini", "Penata Madya Pelayanan"),
    ("kupang.pengawas", "bpjs-cabang-kupang", (R.BPJS_COMPLIANCE,), "Maria", "Ndun", "Petugas Pemeriksa"),
    ("kejati.ntt", "kejati-ntt", (R.PROSECUTOR,), "Agustinus", "Lake", "Asisten Perdata dan TUN"),
    ("kejari.kupang", "kejari-kota-kupang", (R.PROSECUTOR,), "Rina", "Manafe", "Kepala Seksi Datun"),
    ("kejari.ende", "kejari-ende", (R.PROSECUTOR,), "Yohanes", "Wara", "Jaksa Pengacara Negara"),
    ("kpknl.balikpapan", "kpknl-balikpapan", (R.KPKNL_OFFICER,), "Budi", "Santoso", "Kepala Seksi Piutang Negara"),
    ("kukar.disnaker", "kukar-distransnaker", (R.PEMDA_OWNER,), "Andi", "Saputra", "Kepala Bidang Hubungan Industrial"),
    ("kukar.dinsos", "kukar-dinsos", (R.PEMDA_DATA,), "Fitri", "Handayani", "Pengelola Data DTKS"),
    ("kukar.disbun", "kukar-disbun", (R.OPD_VERIFIER,), "Rahmat", "Hidayat", "Verifikator Perkebunan"),
    ("kukar.dishub", "kukar-dishub", (R.OPD_VERIFIER,), "Joko", "Susilo", "Verifikator Perhubungan"),
    ("kukar.bpkd", "kukar-bpkd", (R.BPKD_TREASURER,), "Dewi", "Anggraini", "Bendahara Umum Daerah"),
]
