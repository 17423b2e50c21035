"""The validation of an import's rows, per kind, as a set: each check flags rows on a ``Stage`` with a
reason code and an Indonesian message; references (NPP, NIK, branch, region, employment) are joined against
the database set-wise. Scope (which branches the actor may write) is part of validation, so a row outside
it is reported like any other invalid row."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.regions.models import Region, normalise_region_code
from sinergi.registry import import_parse as P
from sinergi.registry.import_db import fetch_where_in
from sinergi.registry.import_specs import FILE_KEYS, KBLI_CATEGORY, SEXES, SIZES, STATUSES
from sinergi.registry.models import PROGRAMMES, Employer, Employment, Worker
from sinergi.rules.nik import nik_check
from sinergi.rules.params import latest


class Checks:
    """``allowed``: the unit ids whose employers the actor may write (None: any); ``today``: the local date."""

    def __init__(self, *, kind: str, allowed: frozenset[int] | None, today: dt.date):
        self.kind, self.allowed, self.today = kind, allowed, today

    def validate(self, s: P.Stage) -> None:
        for field in s.header_of:  # PostgreSQL cannot store NUL, and no name or address needs a control code
            s.flag(s.raw(field).str.contains(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"), field, "karakter_tidak_sah",
                   "Isian berisi karakter kendali yang tidak terlihat (misalnya NUL); ketik ulang isian ini.")
        getattr(self, self.kind)(s)
        self.duplicates(s)

    def _npp(self, s: P.Stage) -> None:
        s.parse("npp", P.digits_of_length(s.raw("npp"), 8), pl.String, code="npp_tidak_valid",
                message=pl.format("NPP '{}' tidak valid: NPP harus 8 digit angka.", s.raw("npp")))

    def _name(self, s: P.Stage) -> None:
        s.parse("name", pl.when(s.raw("name").str.len_chars() <= 200).then(s.raw("name")), pl.String,
                code="terlalu_panjang", message="Nama paling panjang 200 karakter.")

    def _region(self, s: P.Stage) -> None:
        if not s.present("region"):
            s.add("region_id", pl.lit(None, dtype=pl.String))
            return
        s.map_distinct("raw:region", "region_code", lambda v: normalise_region_code(v), pl.String)
        codes = s.df.get_column("region_code").drop_nulls().unique().to_list()
        known = fetch_where_in(f"SELECT code FROM {Region._meta.db_table}", "code", codes, {"code": pl.String})  # noqa: S608
        s.add("region_id", pl.when(pl.col("region_code").is_in(known.get_column("code").implode()))
              .then(pl.col("region_code")))
        s.flag(s.raw("region").is_not_null() & pl.col("region_id").is_null(), "region", "wilayah_tidak_dikenal",
               pl.format("Kode wilayah '{}' tidak dikenal (Kepmendagri 300.2.2-2138/2025).", s.raw("region")))

    def in_scope(self, column: str) -> pl.Expr:
        if self.allowed is None:
            return pl.lit(True)
        return pl.col(column).is_in(pl.Series(sorted(self.allowed), dtype=pl.Int64).implode())

    def employers(self, s: P.Stage) -> None:
        s.require("npp", "name", "branch", "registered_on")
        self._npp(s)
        self._name(s)
        s.parse("npwp", P.digits_of_length(s.raw("npwp"), 15, 16), pl.String, code="npwp_tidak_valid",
                message=pl.format("NPWP '{}' harus 15 atau 16 digit angka.", s.raw("npwp")))
        s.parse("kbli", P.digits_of_length(s.raw("kbli"), 5), pl.String, code="kbli_tidak_valid",
                message=pl.format("KBLI '{}' harus 5 digit (simpan kolom sebagai teks agar nol di depan tidak "
                                  "hilang).", s.raw("kbli")))
        s.add("sector", pl.col("kbli").str.slice(0, 2).replace_strict(KBLI_CATEGORY, default=None,
                                                                      return_dtype=pl.String))
        s.flag(pl.col("kbli").is_not_null() & pl.col("sector").is_null(), "kbli", "kbli_tidak_dikenal",
               pl.format("KBLI '{}' tidak termasuk golongan pokok KBLI 2020.", pl.col("kbli")))
        s.add("kbli", pl.when(pl.col("sector").is_not_null()).then(pl.col("kbli")))
        s.parse("size_class", P.choice(s.raw("size_class"), SIZES, pl.String), pl.String, code="skala_tidak_valid",
                message=pl.format("Skala usaha '{}' tidak dikenal; isi Mikro, Kecil, Menengah atau Besar.",
                                  s.raw("size_class")))
        s.parse("jkk_risk_group", P.small_int(s.raw("jkk_risk_group")), pl.Int64, code="angka_tidak_valid",
                message=pl.format("Kelompok risiko '{}' bukan angka.", s.raw("jkk_risk_group")))
        outside = ~pl.col("jkk_risk_group").is_between(1, 5)
        s.flag(outside, "jkk_risk_group", "risiko_di_luar_1_5",
               pl.format("Kelompok risiko JKK {} di luar 1–5 (PP 44/2015 Lampiran I).", pl.col("jkk_risk_group")))
        s.add("jkk_risk_group", pl.when(outside).then(None).otherwise(pl.col("jkk_risk_group")))
        branches = self._branch_keys()
        s.parse("branch", P.choice(s.raw("branch"), branches, pl.Int64), pl.Int64, name="branch_id",
                code="cabang_tidak_dikenal",
                message=pl.format("Kantor cabang '{}' tidak dikenal; isi kode atau nama kantor cabang "
                                  "(lihat `sinergi orgs list`).", s.raw("branch")))
        s.flag(pl.col("branch_id").is_not_null() & ~self.in_scope("branch_id"), "branch", "cabang_di_luar_cakupan",
               pl.format("Kantor cabang '{}' di luar cakupan unit Anda: Anda hanya dapat mengimpor pemberi kerja "
                         "cabang Anda sendiri.", s.raw("branch")))
        self._region(s)
        s.parse("address", s.raw("address"), pl.String, code="alamat_tidak_valid", message="Alamat tidak valid.")
        s.parse("status", P.choice(s.raw("status"), STATUSES, pl.String), pl.String, code="status_tidak_valid",
                message=pl.format("Status '{}' tidak dikenal; isi Aktif, Nonaktif, Tutup atau Pailit.",
                                  s.raw("status")))
        s.date("registered_on", not_after=self.today)
        s.parse("is_construction_project", P.yes_no(s.raw("is_construction_project")), pl.Boolean,
                code="ya_tidak_tidak_valid",
                message=pl.format("'{}' bukan Y/T atau 1/0.", s.raw("is_construction_project")))

    def workers(self, s: P.Stage) -> None:
        s.require("nik", "name")
        self._nik_full(s)
        s.parse("kpj", P.digits_of_length(s.raw("kpj"), 11), pl.String, code="kpj_tidak_valid",
                message=pl.format("Nomor KPJ '{}' harus 11 digit angka.", s.raw("kpj")))
        self._name(s)
        s.date("birth_date", not_after=self.today)
        s.parse("sex", P.choice(s.raw("sex"), SEXES, pl.String), pl.String, code="jenis_kelamin_tidak_valid",
                message=pl.format("Jenis kelamin '{}' tidak dikenal; isi L atau P.", s.raw("sex")))
        self._region(s)
        # One KPJ belongs to one person: in the file, and against the database.
        kpj = s.df.filter(pl.col("kpj").is_not_null() & pl.col("nik").is_not_null())
        shared = kpj.group_by("kpj").agg(pl.col("nik").n_unique().alias("people")).filter(pl.col("people") > 1)
        s.flag(pl.col("kpj").is_in(shared.get_column("kpj").implode()), "kpj", "kpj_ganda",
               pl.format("Nomor KPJ {} dipakai untuk lebih dari satu NIK di berkas ini.", pl.col("kpj")))
        owners = fetch_where_in(f"SELECT kpj, nik FROM {Worker._meta.db_table}", "kpj",  # noqa: S608
                                kpj.get_column("kpj").unique().to_list(), {"kpj": pl.String, "owner": pl.String})
        taken = kpj.join(owners, on="kpj").filter(pl.col("owner") != pl.col("nik")).get_column("_row")
        s.flag(pl.col("_row").is_in(taken.implode()), "kpj", "kpj_dipakai",
               pl.format("Nomor KPJ {} sudah tercatat untuk tenaga kerja lain.", pl.col("kpj")))

    def _nik_full(self, s: P.Stage) -> None:
        """NIK plausibility by the rules module, once per distinct value that the set-wise shortcut cannot
        vouch for (about 25 µs a value: the shortcut keeps a 100.000-row file from spending seconds here)."""
        offset = latest("identifiers/nik/female_day_offset").value
        s.add("nik_sure", P.nik_surely_plausible(s.raw("nik"), today=self.today, female_day_offset=offset))
        doubtful = s.df.filter(s.raw("nik").is_not_null() & ~pl.col("nik_sure"))
        checks = {}
        for value in doubtful.get_column("raw:nik").unique().to_list():
            result = nik_check(value, today=self.today)
            checks[value] = (result.normalized if result.valid else None,
                             "; ".join(e.message for e in result.errors))
        checked = s.raw("nik").replace_strict({k: v[0] for k, v in checks.items()}, default=None,
                                              return_dtype=pl.String)
        s.add("nik", pl.when(pl.col("nik_sure")).then(s.raw("nik")).otherwise(checked))
        s.add("nik_problem", s.raw("nik").replace_strict({k: v[1] for k, v in checks.items()}, default=None,
                                                         return_dtype=pl.String))
        s.flag(s.raw("nik").is_not_null() & pl.col("nik").is_null(), "nik", "nik_tidak_valid",
               pl.format("NIK '{}' tidak valid: {}", s.raw("nik"), pl.col("nik_problem")))

    def _employer_and_worker(self, s: P.Stage) -> None:
        """NPP and NIK of an employment or wage row, joined against the registry."""
        s.require("npp", "nik")
        self._npp(s)
        s.parse("nik", P.digits_of_length(s.raw("nik"), 16), pl.String, code="nik_tidak_valid",
                message=pl.format("NIK '{}' harus 16 digit angka.", s.raw("nik")))
        employers = fetch_where_in(
            f"SELECT id, npp, branch_id FROM {Employer._meta.db_table}", "npp",  # noqa: S608
            s.df.get_column("npp").drop_nulls().unique().to_list(),
            {"employer_id": pl.Int64, "npp": pl.String, "employer_branch_id": pl.Int64})
        workers = fetch_where_in(
            f"SELECT id, nik FROM {Worker._meta.db_table}", "nik",  # noqa: S608
            s.df.get_column("nik").drop_nulls().unique().to_list(), {"worker_id": pl.Int64, "nik": pl.String})
        s.df = s.df.join(employers, on="npp", how="left", maintain_order="left").join(
            workers, on="nik", how="left", maintain_order="left")
        s.flag(pl.col("npp").is_not_null() & pl.col("employer_id").is_null(), "npp", "npp_tidak_dikenal",
               pl.format("NPP {} tidak terdaftar; impor pemberi kerjanya lebih dulu.", pl.col("npp")))
        s.flag(pl.col("employer_id").is_not_null() & ~self.in_scope("employer_branch_id"), "npp",
               "npp_di_luar_cakupan",
               pl.format("NPP {} terdaftar di kantor cabang di luar cakupan unit Anda.", pl.col("npp")))
        s.flag(pl.col("nik").is_not_null() & pl.col("worker_id").is_null(), "nik", "nik_tidak_dikenal",
               pl.format("NIK {} belum terdaftar sebagai tenaga kerja; impor tenaga kerjanya lebih dulu.",
                         pl.col("nik")))

    def employment(self, s: P.Stage) -> None:
        s.require("start_date")
        self._employer_and_worker(s)
        s.date("start_date")
        s.date("end_date")
        s.flag(pl.col("end_date") < pl.col("start_date"), "end_date", "berakhir_sebelum_mulai",
               pl.format("Tanggal berakhir {} sebelum tanggal mulai {}.", pl.col("end_date").dt.strftime("%d/%m/%Y"),
                         pl.col("start_date").dt.strftime("%d/%m/%Y")))
        for programme in PROGRAMMES:
            s.parse(programme, P.yes_no(s.raw(programme)), pl.Boolean, code="ya_tidak_tidak_valid",
                    message=pl.format("'{}' bukan Y/T atau 1/0.", s.raw(programme)))

    def wages(self, s: P.Stage) -> None:
        s.require("effective_from", "wage")
        self._employer_and_worker(s)
        s.date("effective_from")
        s.date("reported_on", not_after=self.today)
        amount = P.whole_rupiah(s.raw("wage"))
        s.parse("wage", amount.value, pl.Int64, code="angka_tidak_valid",
                message=pl.format("Upah '{}' bukan angka rupiah (contoh: 5000000 atau 5.000.000).", s.raw("wage")))
        s.flag(s.raw("wage").is_not_null() & amount.fractional, "wage", "rupiah_pecahan",
               pl.format("Upah '{}' harus rupiah bulat, tanpa sen.", s.raw("wage")))
        s.flag(pl.col("wage") < 0, "wage", "upah_negatif",
               pl.format("Upah tidak boleh negatif ({}).", s.raw("wage")))
        # The employment a wage belongs to: at that employer, covering BERLAKU_MULAI, the latest start.
        periods = fetch_where_in(
            f"SELECT id, worker_id, employer_id, start_date, end_date FROM {Employment._meta.db_table}",  # noqa: S608
            "worker_id", s.df.get_column("worker_id").drop_nulls().unique().to_list(),
            {"employment_id": pl.Int64, "worker_id": pl.Int64, "employer_id": pl.Int64, "period_start": pl.Date,
             "period_end": pl.Date})
        covering = (
            s.df.select("_row", "worker_id", "employer_id", "effective_from")
            .join(periods, on=["worker_id", "employer_id"])
            .filter((pl.col("period_start") <= pl.col("effective_from"))
                    & (pl.col("period_end").is_null() | (pl.col("period_end") >= pl.col("effective_from"))))
            .group_by("_row").agg(pl.col("employment_id").sort_by("period_start").last())
        )
        s.df = s.df.join(covering, on="_row", how="left", maintain_order="left")
        s.flag(pl.col("worker_id").is_not_null() & pl.col("employer_id").is_not_null()
               & pl.col("effective_from").is_not_null() & pl.col("employment_id").is_null(),
               "effective_from", "hubungan_kerja_tidak_ada",
               pl.format("Tidak ada hubungan kerja NIK {} di NPP {} yang berlaku pada {}; impor hubungan kerjanya "
                         "lebih dulu.", pl.col("nik"), pl.col("npp"), pl.col("effective_from").dt.strftime("%d/%m/%Y")))

    def _branch_keys(self) -> dict[str, int]:
        """Every way a file names a branch: code, full name, "Kantor Cabang X", "KC X", "X"."""
        keys: dict[str, int | None] = {}
        units = OrgUnit.objects.filter(kind=UnitKind.BPJS_CABANG.value, is_active=True).values_list("pk", "code", "name")
        for pk, code, name in units:
            full = re.sub(r"[\s_\-]+", " ", name.upper()).strip()
            short = re.sub(r"^BPJS KETENAGAKERJAAN ", "", full)
            city = re.sub(r"^KANTOR CABANG ", "", short)
            for key in {re.sub(r"[\s_\-]+", " ", code.upper()), full, short, city, f"KC {city}", f"CABANG {city}"}:
                keys[key] = pk if keys.get(key, pk) == pk else None  # a name two branches share matches neither
        return {k: v for k, v in keys.items() if v is not None}

    # -- duplicates ---------------------------------------------------------------

    def duplicates(self, s: P.Stage) -> None:
        keys = list(FILE_KEYS[self.kind])
        raws = [c for c in s.df.columns if c.startswith("raw:")]
        rows = s.df.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in keys)).select(
            "_row", *keys, pl.concat_str([pl.col(c).fill_null("") for c in raws], separator="\x1f").alias("_content"))
        groups = rows.group_by(keys).agg(
            pl.len().alias("_n"), pl.col("_content").n_unique().alias("_variants"),
            pl.col("_row").min().alias("_first"), pl.col("_row").sort().head(5).alias("_rows"),
        ).filter(pl.col("_n") > 1)
        if groups.is_empty():
            return
        dup = rows.join(groups, on=keys).with_columns(
            pl.col("_rows").list.eval(pl.element().cast(pl.String)).list.join(", ").alias("_list"))
        label = s.label(*FILE_KEYS[self.kind])
        identical = dup.filter((pl.col("_variants") == 1) & (pl.col("_row") != pl.col("_first")))
        conflicting = dup.filter(pl.col("_variants") > 1)
        s.add_errors(identical.select(
            pl.col("_row").alias("row"), pl.lit(label).alias("column"), pl.lit("baris_ganda").alias("code"),
            pl.format("Sama persis dengan baris {}; hanya baris {} yang diimpor.", "_first", "_first").alias("message")))
        s.add_errors(conflicting.select(
            pl.col("_row").alias("row"), pl.lit(label).alias("column"), pl.lit("kunci_ganda").alias("code"),
            pl.format("{} yang sama muncul di {} baris ({}{}) dengan isi berbeda; sisakan satu baris saja.",
                      pl.lit(label), "_n", "_list", pl.when(pl.col("_n") > 5).then(pl.lit(", …")).otherwise(pl.lit("")),
                      ).alias("message")))
