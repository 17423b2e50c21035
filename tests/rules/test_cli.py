"""The ``rules`` and ``nik`` commands: JSON shapes, readable Indonesian, bad input without a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sinergi.rules.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run_json(capsys, *argv):
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_contribution_json_shape(capsys):
    out = run_json(capsys, "rules", "contribution", "--period", "2025-04", "--wage", "12000000", "--risk-group", "3",
                   "--programmes", "JKK,JKM,JHT,JP,JKP", "--relief", "padat-karya", "--workers", "120")
    assert {"period", "lines", "totals", "trace", "assumptions"} <= set(out)
    assert out["period"] == "2025-04"
    assert set(out["totals"]) == {"employer", "worker", "government"}
    for line in out["lines"]:
        assert {"programme", "payer", "base", "rate", "amount", "reference"} <= set(line)
        assert line["payer"] in {"employer", "worker", "government"}
        assert isinstance(line["amount"], str)
    jp = next(ln for ln in out["lines"] if ln["programme"] == "JP" and ln["payer"] == "employer")
    assert jp["base"] == "10547400" and jp["amount"] == "210948"
    assert {"description", "value", "parameter", "reference"} == set(out["trace"][0])


def test_bpu_json_shape(capsys):
    out = run_json(capsys, "rules", "bpu", "--period", "2026-05", "--income", "1000000", "--sector", "transport",
                   "--funding", "self", "--jht")
    assert set(out["totals"]) == {"total"} and out["totals"]["total"] == "28400"
    assert out["lines"]


def test_due_date_json(capsys):
    out = run_json(capsys, "rules", "due-date", "--period", "2025-12", "--kind", "pu")
    assert out["due_date"] == "2026-01-15"


def test_penalty_json(capsys):
    out = run_json(capsys, "rules", "penalty", "--programme", "JHT", "--amount", "1000000", "--due", "2025-05-15",
                   "--paid", "2025-08-20")
    assert {"months_late", "rate", "amount", "reference"} <= set(out)
    assert (out["months_late"], out["rate"], out["amount"]) == (4, "0.02", "80000")


def test_collectibility_json(capsys):
    assert run_json(capsys, "rules", "collectibility", "--months-overdue", "7")["class"] == "diragukan"
    out = run_json(capsys, "rules", "collectibility", "--months-overdue", "7", "--scheme", "letters",
                   "--letters", "3")
    assert out["class"] == "macet"


@pytest.mark.parametrize(("amount", "eligible"), [("7999999", False), ("8000000", True)])
def test_pupn_json(capsys, amount, eligible):
    out = run_json(capsys, "rules", "pupn", "--collectibility", "macet", "--amount", amount)
    assert out["eligible"] is eligible and isinstance(out["reasons"], list)
    out = run_json(capsys, "rules", "pupn", "--collectibility", "macet", "--amount", amount, "--handled-by-aph",
                   "--documents-incomplete")
    assert out["eligible"] is False and len(out["reasons"]) == (3 if not eligible else 2)


def test_jkp_json(capsys):
    out = run_json(capsys, "rules", "jkp", "--wage", "7000000", "--phk-date", "2025-06-01",
                   "--contribution-months", "14", "--claim-date", "2025-07-01")
    assert {"eligible", "regime", "schedule", "total", "reasons"} <= set(out)
    assert out["regime"] == "PP 6/2025" and out["total"] == "18000000"
    assert out["schedule"][0] == {"month": 1, "rate": "0.6", "amount": "3000000"}


def test_nik_json(capsys):
    out = run_json(capsys, "nik", "check", "6402074512900001")
    assert {"valid", "errors", "warnings", "birth_date", "sex", "province_code", "regency_code", "district_code",
            "region_name"} <= set(out)
    assert (out["valid"], out["sex"], out["birth_date"]) == (True, "F", "1990-12-05")
    assert "Kutai Kartanegara" in out["region_name"]


def test_an_invalid_nik_is_a_result_not_an_error(capsys):
    out = run_json(capsys, "nik", "check", "6.40207E+15")
    assert out["valid"] is False and out["errors"][0]["code"] == "excel_scientific"


def test_readable_indonesian_by_default_and_english_on_request(capsys):
    assert main(["rules", "contribution", "--period", "2025-04", "--wage", "12000000", "--risk-group", "3"]) == 0
    text = capsys.readouterr().out
    assert "Rp 12.000.000" in text and "pemberi kerja" in text and "PP 44/2015" in text
    assert main(["rules", "contribution", "--period", "2025-04", "--wage", "12000000", "--risk-group", "3",
                 "--lang", "en"]) == 0
    assert "employer" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["rules", "contribution", "--period", "April 2025", "--wage", "1000000", "--risk-group", "3"],
    ["rules", "contribution", "--period", "2025-04", "--wage", "-1000000", "--risk-group", "3"],
    ["rules", "contribution", "--period", "2025-04", "--wage", "1000000", "--risk-group", "6"],
    ["rules", "contribution", "--period", "2015-01", "--wage", "1000000", "--risk-group", "1"],
    ["rules", "jkp", "--wage", "5000000", "--phk-date", "2020-01-01"],
    ["rules", "penalty", "--programme", "JHT", "--amount", "100", "--due", "15-05-2025", "--paid", "2025-06-01"],
    ["rules", "pupn", "--collectibility", "bagus", "--amount", "9000000"],
    ["rules", "collectibility", "--scheme", "letters"],
    ["rules", "bpu", "--period", "2026-05", "--income", "satu juta"],
])
def test_bad_input_exits_non_zero_with_a_message(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("sinergi: ") and "Traceback" not in err


def test_bad_input_from_a_real_process_has_no_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "sinergi.rules.cli", "rules", "contribution", "--period", "2025-04", "--wage",
         "1000000", "--risk-group", "6", "--lang", "en"],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "risk group must be 1 to 5" in proc.stderr and "Traceback" not in proc.stderr


def test_a_missing_required_flag_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["rules", "contribution", "--period", "2025-04"])
    assert info.value.code == 2


# ------------------------------------------------------------------------------------------ benefits (issue 14)
def test_jkk_death_json_lines_and_references(capsys):
    out = run_json(capsys, "rules", "jkk", "--accident-date", "2025-03-01", "--wage", "6000000", "--outcome", "death")
    assert out["total"] == str(48 * 6_000_000 + 10_000_000 + 24 * 500_000)
    codes = {ln["code"]: ln for ln in out["lines"]}
    assert codes["death"]["amount"] == str(48 * 6_000_000)
    assert codes["medical_care"]["amount"] is None and codes["medical_care"]["in_total"] is False
    assert all(ln["reference"] for ln in out["lines"])
    assert {"description", "value", "parameter", "reference"} == set(out["trace"][0])


def test_jkk_late_json(capsys):
    out = run_json(capsys, "rules", "jkk-late", "--benefit", "240000000", "--complete-on", "2025-03-03",
                   "--paid-on", "2025-03-14")
    assert (out["deadline"], out["days_late"], out["amount"]) == ("2025-03-12", 2, str(240_000_000 * 2 // 100))


def test_jkm_json_in_english(capsys):
    out = run_json(capsys, "rules", "jkm", "--death-date", "2025-03-01", "--membership-months", "35", "--lang", "en")
    assert out["total"] == "42000000" and out["scholarship_eligible"] is False
    assert "at least 36" in out["reasons"][0]


def test_jht_json_balance_from_contributions(capsys):
    out = run_json(capsys, "rules", "jht", "--event", "resignation", "--event-date", "2025-03-10",
                   "--contributions", "2023-01..2023-12=285000,2024-01=285000", "--yields", "2023=0.06,2024=0.055")
    assert out["eligible"] is True and out["earliest_payable_date"] == "2025-04-10"
    assert out["amount"] == out["total"] == "4006692"
    assert out["trace"][0]["description"].startswith("Tahun 2023")


def test_jht_partial_exactly_ten_years(capsys):
    out = run_json(capsys, "rules", "jht", "--event", "partial_housing", "--event-date", "2025-06-30",
                   "--membership-start", "2015-07-01", "--balance", "10000000")
    assert out["eligible"] is False and out["earliest_payable_date"] == "2025-07-01"


@pytest.mark.parametrize(("months", "kind"), [("179", "lump_sum"), ("180", "monthly")])
def test_jp_json_179_vs_180_months(capsys, months, kind):
    out = run_json(capsys, "rules", "jp", "--birth-date", "1975-01-01", "--contribution-months", months,
                   "--average-wage", "5000000", "--lump-sum-balance", "60000000")
    assert out["kind"] == kind
    assert out["total"] == ("60000000" if kind == "lump_sum" else "750000")


def test_jkp_json_from_paid_periods_stays_compatible(capsys):
    out = run_json(capsys, "rules", "jkp", "--wage", "7000000", "--phk-date", "2025-06-01",
                   "--paid-periods", "2024-05..2025-06", "--phk-reason", "dismissal")
    assert out["total"] == "18000000" and out["contribution_months"] == 14
    assert out["schedule"][0] == {"month": 1, "rate": "0.6", "amount": "3000000"}
    assert {s["code"] for s in out["services"]} == {"labour_market_information", "job_counselling", "job_training"}
    out = run_json(capsys, "rules", "jkp", "--wage", "7000000", "--phk-date", "2025-06-01", "--phk-reason",
                   "resignation")
    assert out["eligible"] is False and out["reason_codes"] == ["excluded_reason"]


@pytest.mark.parametrize(("argv", "words"), [
    (["rules", "jkk", "--accident-date", "2025-03-01", "--wage", "6000000", "--outcome", "total_disability"],
     ["Cacat total tetap: 56 × Rp 6.000.000", "Rp 336.000.000", "PP 82/2019"]),
    (["rules", "jkm", "--death-date", "2025-03-01"], ["Rp 42.000.000", "Santunan sekaligus JKM"]),
    (["rules", "jp", "--birth-date", "1966-06-01", "--on", "2024-06-01", "--contribution-months", "180",
      "--average-wage", "2000000"], ["Rp 393.500", "pensiun bulanan"]),
])
def test_benefit_commands_read_in_indonesian(capsys, argv, words):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert all(w in out for w in words), out


def test_benefit_commands_read_in_english(capsys):
    assert main(["rules", "jht", "--event", "death", "--event-date", "2025-05-05", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Old-age savings (JHT)" in out and "Payable from: 5 May 2025" in out


@pytest.mark.parametrize("argv", [
    ["rules", "jkk", "--accident-date", "2019-12-01", "--wage", "6000000", "--outcome", "death"],
    ["rules", "jkk", "--accident-date", "2025-03-01", "--wage", "6000000", "--outcome", "partial_disability"],
    ["rules", "jht", "--event", "retirement", "--event-date", "2025-03-01"],
    ["rules", "jht", "--event", "death", "--event-date", "2025-03-01", "--contributions", "2025-01"],
    ["rules", "jp", "--birth-date", "1975-01-01", "--contribution-months", "200"],
    ["rules", "jkp", "--wage", "1", "--phk-date", "2025-06-01", "--paid-periods", "2025-06..2025-01"],
])
def test_bad_benefit_input_exits_2_without_a_traceback(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("sinergi: ") and "Traceback" not in err


def test_jkk_reads_in_english_with_the_regulation_of_each_line(capsys):
    assert main(["rules", "jkk", "--accident-date", "2025-03-01", "--wage", "6000000", "--outcome",
                 "partial_disability", "--disability-percent", "0.25", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Partial permanent disability: 25% × 80 × Rp 6,000,000: Rp 120,000,000" in out
    assert "[R]" in out and "Open assumption" in out and "Medical care" in out


def test_jkp_lines_cite_the_schedule_and_the_wage_cap(capsys):
    out = run_json(capsys, "rules", "jkp", "--wage", "9000000", "--phk-date", "2025-02-07")
    assert all("Pasal 21 ayat (1)" in ln["reference"] and "Pasal 21 ayat (2)-(3)" in ln["reference"]
               for ln in out["lines"])
