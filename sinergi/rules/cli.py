"""Command line for the rules: ``sinergi rules …`` and ``sinergi nik check …``.

The project's ``sinergi/cli.py`` calls :func:`register` with its subparsers and dispatches the ``rules``
and ``nik`` commands to :func:`run`. ``python -m sinergi.rules.cli rules contribution …`` works on its own.

Every command takes ``--json`` (amounts as decimal strings, dates ISO) and ``--lang id|en``; without
``--json`` it prints a readable explanation, in Bahasa Indonesia by default. Bad input exits with status 2
and a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from sinergi.rules.benefits import BenefitLine, jkm_benefit, jkp_benefit
from sinergi.rules.contributions import (
    BPU_FUNDING,
    BPU_SECTORS,
    PROGRAMMES,
    RELIEFS,
    bpu_contribution,
    contribution_compute,
)
from sinergi.rules.due_dates import KINDS, due_date
from sinergi.rules.errors import RulesError
from sinergi.rules.jht import EVENTS as JHT_EVENTS
from sinergi.rules.jht import jht_balance, jht_eligibility
from sinergi.rules.jkk import OUTCOMES as JKK_OUTCOMES
from sinergi.rules.jkk import jkk_benefit, jkk_late_payment
from sinergi.rules.jp import jp_benefit
from sinergi.rules.money import format_rate, format_rupiah
from sinergi.rules.nik import nik_check
from sinergi.rules.penalties import PART_MONTH_RULES, PENALTY_PROGRAMMES, penalty_compute
from sinergi.rules.periods import Period
from sinergi.rules.receivables import CLASSES, SCHEMES, collectibility_classify, pupn_eligibility
from sinergi.rules.results import TraceStep, to_jsonable
from sinergi.rules.texts import format_date, text

EXIT_BAD_INPUT = 2

UI: dict[str, tuple[str, str]] = {
    "contribution": ("Iuran peserta penerima upah (PU)", "Wage-earner (PU) contribution"),
    "bpu": ("Iuran peserta bukan penerima upah (BPU)", "Self-employed (BPU) contribution"),
    "due": ("Jatuh tempo pembayaran iuran", "Contribution due date"),
    "penalty": ("Denda keterlambatan", "Late-payment denda"),
    "collectibility": ("Kolektibilitas piutang", "Receivable collectibility"),
    "pupn": ("Kelayakan penyerahan ke PUPN", "Eligibility for handover to PUPN"),
    "jkp": ("Manfaat Jaminan Kehilangan Pekerjaan (JKP)", "Job-loss benefit (JKP)"),
    "nik": ("Pemeriksaan NIK", "NIK check"),
    "jkk": ("Manfaat Jaminan Kecelakaan Kerja (JKK)", "Work-accident benefit (JKK)"),
    "jkk-late": ("Kompensasi keterlambatan pembayaran manfaat JKK", "Late payment of a JKK benefit"),
    "jkm": ("Manfaat Jaminan Kematian (JKM)", "Death benefit (JKM)"),
    "jht": ("Jaminan Hari Tua (JHT)", "Old-age savings (JHT)"),
    "jp": ("Jaminan Pensiun (JP)", "Pension (JP)"),
    "services": ("Manfaat lain (bukan uang tunai)", "Other benefits (not cash)"),
    "not_in_total": ("tidak dijumlahkan", "not added"),
    "no_amount": ("tanpa jumlah uang", "no cash amount"),
    "compensation": ("Kompensasi untuk peserta", "Owed to the participant"),
    "earliest": ("Paling cepat dibayar", "Payable from"),
    "payment_deadline": ("Batas pembayaran oleh BPJS", "BPJS payment deadline"),
    "balance": ("Saldo", "Balance"),
    "kind": ("Jenis manfaat", "Kind of benefit"),
    "pension_age": ("Usia pensiun", "Pension age"),
    "days_late": ("Hari keterlambatan", "Days late"),
    "kind_monthly": ("pensiun bulanan", "monthly pension"),
    "kind_lump_sum": ("manfaat sekaligus", "lump sum"),
    "lines": ("Rincian", "Lines"),
    "totals": ("Jumlah", "Totals"),
    "allocations": ("Pembagian internal (tidak mengubah yang dibayar)", "Internal split (does not change what is paid)"),
    "deferred": ("Ditunda (tetap terutang)", "Deferred (still owed)"),
    "trace": ("Penjelasan", "Explanation"),
    "assumptions": ("Asumsi", "Assumptions"),
    "warnings": ("Peringatan", "Warnings"),
    "errors": ("Kesalahan", "Errors"),
    "reasons": ("Alasan", "Reasons"),
    "schedule": ("Jadwal manfaat", "Benefit schedule"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "valid": ("Sah (struktur)", "Valid (structure)"),
    "eligible": ("Memenuhi syarat", "Eligible"),
    "regime": ("Ketentuan", "Regime"),
    "total": ("Total", "Total"),
    "payer": ("Dibayar oleh", "Paid by"),
    "claim_deadline": ("Batas klaim", "Claim deadline"),
    "due_date": ("Batas akhir pembayaran", "Last day to pay"),
    "nominal": ("Menurut ketentuan", "As stated"),
    "months_late": ("Bulan keterlambatan", "Months late"),
    "rate": ("Tarif", "Rate"),
    "amount": ("Jumlah denda", "Denda"),
    "class": ("Kolektibilitas", "Collectibility"),
    "scheme": ("Skema", "Scheme"),
    "reference": ("Dasar hukum", "Legal basis"),
    "birth_date": ("Tanggal lahir", "Birth date"),
    "sex": ("Jenis kelamin", "Sex"),
    "sex_F": ("perempuan", "female"),
    "sex_M": ("laki-laki", "male"),
    "region": ("Wilayah penerbitan", "Region of issue"),
    "month": ("Bulan", "Month"),
}


def ui(key: str, lang: str) -> str:
    return UI[key][1 if lang == "en" else 0]


# ------------------------------------------------------------------------------------------ parsing
def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RulesError("error_date_format", value=value) from None


def _parse_int(value: str | None, what: str) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise RulesError("error_amount_format", what=what, value=value) from None


def register(subparsers: Any) -> None:
    """Add the ``rules`` command group and the ``nik`` group to an argparse subparsers object."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine output (JSON)")
    common.add_argument("--lang", choices=("id", "en"), default="id", help="language of the explanation")

    rules = subparsers.add_parser("rules", help="rates, caps, penalties and criteria as law (pure computation)")
    rules.set_defaults(_rules_handler=_usage(rules))
    sub = rules.add_subparsers(dest="rules_command", metavar="COMMAND")

    p = sub.add_parser("contribution", parents=[common], help="PU contribution of one worker for a month")
    p.add_argument("--period", required=True, help="contribution month, YYYY-MM")
    p.add_argument("--wage", required=True, help="monthly wage in rupiah")
    p.add_argument("--risk-group", required=True, help="JKK risk group 1-5")
    p.add_argument("--programmes", help=f"comma-separated subset of {','.join(PROGRAMMES)} (default: all in force)")
    p.add_argument("--relief", choices=RELIEFS, help="relief the employer asks for")
    p.add_argument("--workers", help="active registered workers (padat-karya relief)")
    p.add_argument("--industry", help="padat-karya industry code (optional check)")
    p.set_defaults(_rules_handler=_contribution)

    p = sub.add_parser("bpu", parents=[common], help="BPU (self-employed) contribution for a month")
    p.add_argument("--period", required=True)
    p.add_argument("--income", required=True, help="declared monthly income in rupiah")
    p.add_argument("--sector", choices=BPU_SECTORS, default="other")
    p.add_argument("--funding", choices=BPU_FUNDING, default="self")
    p.add_argument("--jht", action="store_true", help="include the optional JHT")
    p.set_defaults(_rules_handler=_bpu)

    p = sub.add_parser("due-date", parents=[common], help="last day to pay a month's contribution")
    p.add_argument("--period", required=True)
    p.add_argument("--kind", choices=KINDS, default="pu")
    p.set_defaults(_rules_handler=_due_date)

    p = sub.add_parser("penalty", parents=[common], help="late-payment denda")
    p.add_argument("--programme", required=True, help="/".join(PENALTY_PROGRAMMES))
    p.add_argument("--amount", required=True, help="contribution that should have been paid")
    p.add_argument("--due", required=True, help="due date YYYY-MM-DD")
    p.add_argument("--paid", required=True, help="payment date YYYY-MM-DD")
    p.add_argument("--period", help="contribution month (default: the month before --due)")
    p.add_argument("--part-month", choices=PART_MONTH_RULES, help="how a part month counts (default: parameter)")
    p.set_defaults(_rules_handler=_penalty)

    p = sub.add_parser("collectibility", parents=[common], help="collectibility class of a receivable")
    p.add_argument("--months-overdue", help="full months since the due date")
    p.add_argument("--scheme", choices=SCHEMES, help="default: the deployment parameter")
    p.add_argument("--letters", help="Surat Tagihan left unpaid (letters scheme)")
    p.add_argument("--date", help="date of the assessment (default: today)")
    p.set_defaults(_rules_handler=_collectibility)

    p = sub.add_parser("pupn", parents=[common], help="eligibility for handover to PUPN (PMK 52/2024)")
    p.add_argument("--collectibility", required=True, help="/".join(CLASSES))
    p.add_argument("--amount", required=True)
    p.add_argument("--handled-by-aph", action="store_true")
    p.add_argument("--documents-incomplete", action="store_true")
    p.add_argument("--date", help="date of the assessment (default: today)")
    p.set_defaults(_rules_handler=_pupn)

    p = sub.add_parser("jkp", parents=[common], help="JKP eligibility and benefit schedule")
    p.add_argument("--wage", required=True, help="last reported monthly wage")
    p.add_argument("--phk-date", required=True)
    p.add_argument("--contribution-months", help="months of contributions in the window before PHK")
    p.add_argument("--consecutive-months", help="months paid consecutively before PHK")
    p.add_argument("--claim-date")
    p.add_argument("--employer-arrears-months", default="0")
    p.add_argument("--company-closed", action="store_true", help="company bankrupt or closed")
    p.add_argument("--paid-periods", help="months paid, e.g. 2024-01..2025-05,2025-06 (instead of the counts)")
    p.add_argument("--phk-reason", help="why employment ended (resignation, pkwt_end … give no JKP)")
    p.add_argument("--min-consecutive", help="consecutive months required for this run (0 = none; default: law)")
    p.add_argument("--age-at-registration", help="participant's age when registered for JKP")
    p.add_argument("--not-citizen", action="store_true", help="the participant is not an Indonesian citizen")
    p.set_defaults(_rules_handler=_jkp)

    p = sub.add_parser("jkk", parents=[common], help="JKK benefits after a work accident")
    p.add_argument("--accident-date", required=True)
    p.add_argument("--wage", required=True, help="monthly wage reported to BPJS TK")
    p.add_argument("--outcome", choices=JKK_OUTCOMES, default="injury")
    p.add_argument("--stmb-months", default="0", help="whole months of temporary incapacity to work")
    p.add_argument("--disability-percent", help="table percentage for a partial disability, e.g. 0.1")
    p.add_argument("--employer-in-arrears", choices=("yes", "no"), help="employer in arrears at the accident")
    p.set_defaults(_rules_handler=_jkk)

    p = sub.add_parser("jkk-late", parents=[common], help="1%% a day BPJS TK owes for paying a JKK benefit late")
    p.add_argument("--benefit", required=True, help="the benefit paid late")
    p.add_argument("--complete-on", required=True, help="day the requirements were complete")
    p.add_argument("--paid-on", required=True)
    p.set_defaults(_rules_handler=_jkk_late)

    p = sub.add_parser("jkm", parents=[common], help="JKM benefits after a death not caused by work")
    p.add_argument("--death-date", required=True)
    p.add_argument("--membership-months", help="months of membership before the death (scholarship condition)")
    p.add_argument("--children", help="children who may receive the scholarship")
    p.set_defaults(_rules_handler=_jkm)

    p = sub.add_parser("jht", parents=[common], help="JHT eligibility, earliest payable date and amount")
    p.add_argument("--event", required=True, choices=JHT_EVENTS)
    p.add_argument("--event-date", required=True, help="day of the event (or of the application, for partial)")
    p.add_argument("--birth-date")
    p.add_argument("--membership-start")
    p.add_argument("--claim-date")
    p.add_argument("--partial-taken", action="store_true", help="a partial withdrawal was already made")
    p.add_argument("--balance", help="JHT balance (or give --contributions and --yields)")
    p.add_argument("--contributions", help="PERIOD=AMOUNT or FIRST..LAST=AMOUNT, comma-separated")
    p.add_argument("--yields", help="YEAR=RATE, comma-separated, as declared by BPJS TK")
    p.set_defaults(_rules_handler=_jht)

    p = sub.add_parser("jp", parents=[common], help="JP pension age, monthly pension or lump sum")
    p.add_argument("--birth-date", required=True)
    p.add_argument("--on", help="day of the benefit (default: the pension-age day)")
    p.add_argument("--contribution-months", required=True)
    p.add_argument("--average-wage", help="average indexed JP wage")
    p.add_argument("--lump-sum-balance", help="contributions plus yield (below the minimum months)")
    p.add_argument("--contributions", help="PERIOD=AMOUNT or FIRST..LAST=AMOUNT, comma-separated")
    p.add_argument("--yields", help="YEAR=RATE, comma-separated")
    p.set_defaults(_rules_handler=_jp)

    nik = subparsers.add_parser("nik", help="NIK tools")
    nik.set_defaults(_rules_handler=_usage(nik))
    nsub = nik.add_subparsers(dest="nik_command", metavar="COMMAND")
    p = nsub.add_parser("check", parents=[common], help="structure and plausibility of a NIK")
    p.add_argument("value")
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.set_defaults(_rules_handler=_nik)


def run(args: argparse.Namespace) -> int:
    """Run a parsed ``rules``/``nik`` command; returns the exit status."""
    lang = getattr(args, "lang", "id")
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "_rules_handler", None)
    if handler is None:
        print("sinergi: no rules command", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return handler(args)
    except RulesError as exc:
        print(f"sinergi: {exc.message(lang)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader (e.g. ``| head``) went away; Python would otherwise print a traceback on exit.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _usage(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def show(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT

    return show


# ------------------------------------------------------------------------------------------ output
def _emit(args: argparse.Namespace, payload: dict[str, Any], human: Callable[[str], list[str]]) -> int:
    if args.json:
        print(json.dumps(to_jsonable(payload), ensure_ascii=False, indent=2))
    else:
        print("\n".join(human(args.lang)))
    return 0


def _fmt(value: Any, lang: str) -> str:
    from decimal import Decimal

    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return format_rupiah(value, lang)
        if abs(value) < 1:
            return format_rate(value, lang)
        return str(value)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, bool):
        return ui("yes" if value else "no", lang)
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _section(title: str, items: list[str]) -> list[str]:
    return ["", f"{title}:", *[f"  - {item}" for item in items]] if items else []


def _trace(steps: tuple[TraceStep, ...], lang: str) -> list[str]:
    out = ["", f"{ui('trace', lang)}:"]
    for number, step in enumerate(steps, 1):
        line = f"  {number:>2}. {step.description}"
        shown = step.value.isoformat() if isinstance(step.value, date) else None
        if step.value is not None and step.value != "" and (shown is None or shown not in step.description):
            line += f" = {_fmt(step.value, lang)}"
        if step.reference:
            line += f"  [{step.reference}]"
        out.append(line)
    return out


def _trace_json(steps: tuple[TraceStep, ...]) -> list[dict[str, Any]]:
    return [to_jsonable(step) for step in steps]


# ------------------------------------------------------------------------------------------ commands
def _contribution(args: argparse.Namespace) -> int:
    lang = args.lang
    risk_group = _parse_int(args.risk_group, "risk-group")
    result = contribution_compute(period=args.period, wage=args.wage, risk_group=risk_group,
                                  programmes=args.programmes, relief=args.relief,
                                  workers=_parse_int(args.workers, "workers"), industry=args.industry, lang=lang)
    payload = {
        "period": result.period, "wage": result.wage, "risk_group": result.risk_group,
        "programmes": result.programmes, "relief": result.relief,
        "lines": [{k: v for k, v in to_jsonable(ln).items()} for ln in result.lines],
        "totals": result.totals, "allocations": result.allocations, "deferred": result.deferred,
        "trace": _trace_json(result.trace), "assumptions": result.assumptions, "warnings": result.warnings,
    }

    def human(lang: str) -> list[str]:
        out = [f"{ui('contribution', lang)} — {result.period}, {format_rupiah(result.wage, lang)}, "
               f"JKK {result.risk_group}", "", f"{ui('lines', lang)}:"]
        for ln in result.lines:
            out.append(f"  {ln.programme:<4} {text('payer_' + ln.payer, lang):<14} {format_rupiah(ln.base, lang):>16}"
                       f" × {format_rate(ln.rate, lang):<8} = {format_rupiah(ln.amount, lang):>14}  [{ln.reference}]")
        out += ["", f"{ui('totals', lang)}:"]
        out += [f"  {text('payer_' + payer, lang):<14} {format_rupiah(amount, lang):>14}"
                for payer, amount in result.totals.items()]
        out += _section(ui("allocations", lang), [
            f"{a.source} → {a.target}: {format_rupiah(a.amount, lang)} ({a.reference})" for a in result.allocations])
        out += _section(ui("deferred", lang), [
            f"{d.programme} {text('payer_' + d.payer, lang)}: {format_rupiah(d.amount, lang)}" for d in result.deferred])
        out += _section(ui("warnings", lang), list(result.warnings))
        out += _trace(result.trace, lang)
        out += _section(ui("assumptions", lang), list(result.assumptions))
        return out

    return _emit(args, payload, human)


def _bpu(args: argparse.Namespace) -> int:
    result = bpu_contribution(period=args.period, income=args.income, sector=args.sector, funding=args.funding,
                              jht=args.jht, lang=args.lang)
    payload = {
        "period": result.period, "income": result.income, "base": result.base, "sector": result.sector,
        "funding": result.funding, "relief": result.relief, "lines": result.lines, "totals": result.totals,
        "trace": _trace_json(result.trace), "assumptions": result.assumptions, "warnings": result.warnings,
    }

    def human(lang: str) -> list[str]:
        out = [f"{ui('bpu', lang)} — {result.period}, {format_rupiah(result.income, lang)}", "",
               f"{ui('lines', lang)}:"]
        for ln in result.lines:
            out.append(f"  {ln.programme:<4} {format_rupiah(ln.base, lang):>14} × {format_rate(ln.rate, lang):<6}"
                       f" = {format_rupiah(ln.amount, lang):>12}  [{ln.reference}]")
        out += ["", f"{ui('total', lang)}: {format_rupiah(result.totals['total'], lang)}"]
        out += _section(ui("warnings", lang), list(result.warnings))
        out += _trace(result.trace, lang)
        out += _section(ui("assumptions", lang), list(result.assumptions))
        return out

    return _emit(args, payload, human)


def _due_date(args: argparse.Namespace) -> int:
    result = due_date(period=args.period, kind=args.kind, lang=args.lang)
    payload = {
        "period": result.period, "kind": result.kind, "due_date": result.due_date,
        "nominal_date": result.nominal_date,
        "skipped": [{"date": d, "reason": r} for d, r in result.skipped],
        "reference": result.reference, "trace": _trace_json(result.trace), "assumptions": result.assumptions,
    }

    def human(lang: str) -> list[str]:
        out = [f"{ui('due', lang)} — {result.period} ({result.kind.upper()})",
               f"{ui('due_date', lang)}: {format_date(result.due_date, lang)}",
               f"{ui('nominal', lang)}: {format_date(result.nominal_date, lang)}  [{result.reference}]"]
        out += _trace(result.trace, lang)
        out += _section(ui("assumptions", lang), list(result.assumptions))
        return out

    return _emit(args, payload, human)


def _penalty(args: argparse.Namespace) -> int:
    result = penalty_compute(programme=args.programme, amount=args.amount, due=_parse_date(args.due),
                             paid=_parse_date(args.paid), period=args.period, part_month=args.part_month,
                             lang=args.lang)
    payload = {
        "programme": result.programme, "base": result.base, "due": result.due, "paid": result.paid,
        "period": result.period, "months_late": result.months_late, "rate": result.rate, "amount": result.amount,
        "reference": result.reference, "part_month_rule": result.part_month_rule,
        "trace": _trace_json(result.trace), "assumptions": result.assumptions,
    }

    def human(lang: str) -> list[str]:
        out = [f"{ui('penalty', lang)} — {result.programme}, {format_rupiah(result.base, lang)}",
               f"{ui('months_late', lang)}: {result.months_late}",
               f"{ui('rate', lang)}: {format_rate(result.rate, lang)}",
               f"{ui('amount', lang)}: {format_rupiah(result.amount, lang)}  [{result.reference}]"]
        out += _trace(result.trace, lang)
        out += _section(ui("assumptions", lang), list(result.assumptions))
        return out

    return _emit(args, payload, human)


def _collectibility(args: argparse.Namespace) -> int:
    result = collectibility_classify(months_overdue=_parse_int(args.months_overdue, "months-overdue"),
                                     letters=_parse_int(args.letters, "letters"), scheme=args.scheme,
                                     on=_parse_date(args.date), lang=args.lang)
    payload = {"class": result.klass, "scheme": result.scheme, "reference": result.reference,
               "trace": _trace_json(result.trace), "assumptions": result.assumptions}

    def human(lang: str) -> list[str]:
        out = [ui("collectibility", lang),
               f"{ui('class', lang)}: {text('class_' + result.klass, lang)}",
               f"{ui('scheme', lang)}: {result.scheme}  [{result.reference}]"]
        out += _trace(result.trace, lang)
        out += _section(ui("assumptions", lang), list(result.assumptions))
        return out

    return _emit(args, payload, human)


def _pupn(args: argparse.Namespace) -> int:
    result = pupn_eligibility(collectibility=args.collectibility, amount=args.amount,
                              documents_complete=not args.documents_incomplete, handled_by_aph=args.handled_by_aph,
                              on=_parse_date(args.date), lang=args.lang)
    payload = {"eligible": result.eligible, "reasons": result.reasons, "reason_codes": result.reason_codes,
               "collectibility": result.collectibility, "amount": result.amount,
               "trace": _trace_json(result.trace), "assumptions": result.assumptions}

    def human(lang: str) -> list[str]:
        out = [ui("pupn", lang), f"{ui('eligible', lang)}: {_fmt(result.eligible, lang)}"]
        out += _section(ui("reasons", lang), list(result.reasons))
        out += _trace(result.trace, lang)
        out += _section(ui("assumptions", lang), list(result.assumptions))
        return out

    return _emit(args, payload, human)


def _jkp(args: argparse.Namespace) -> int:
    phk = _parse_date(args.phk_date)
    result = jkp_benefit(wage=args.wage, phk_date=phk,
                         contribution_months=_parse_int(args.contribution_months, "contribution-months"),
                         consecutive_months=_parse_int(args.consecutive_months, "consecutive-months"),
                         claim_date=_parse_date(args.claim_date),
                         employer_arrears_months=_parse_int(args.employer_arrears_months, "employer-arrears-months"),
                         company_closed=args.company_closed,
                         paid_periods=None if args.paid_periods is None else _parse_periods(args.paid_periods),
                         phk_reason=args.phk_reason,
                         min_consecutive_override=_parse_int(args.min_consecutive, "min-consecutive"),
                         citizen=False if args.not_citizen else None,
                         age_at_registration=_parse_int(args.age_at_registration, "age-at-registration"),
                         lang=args.lang)
    payload = {"eligible": result.eligible, "regime": result.regime, "base": result.base,
               "schedule": [{"month": m.month, "rate": m.rate, "amount": m.amount} for m in result.schedule],
               "total": result.total, "payer": result.payer, "claim_deadline": result.claim_deadline,
               "reasons": result.reasons, "reason_codes": result.reason_codes,
               "contribution_months": result.contribution_months, "consecutive_months": result.consecutive_months,
               "lines": result.lines, "services": result.services,
               "trace": _trace_json(result.trace), "assumptions": result.assumptions}

    def human(lang: str) -> list[str]:
        out = [ui("jkp", lang), f"{ui('regime', lang)}: {result.regime}",
               f"{ui('eligible', lang)}: {_fmt(result.eligible, lang)}",
               f"{ui('payer', lang)}: {text('payer_' + result.payer, lang)}",
               f"{ui('claim_deadline', lang)}: {format_date(result.claim_deadline, lang)}"]
        out += _section(ui("reasons", lang), list(result.reasons))
        out += _section(ui("schedule", lang), [
            f"{ui('month', lang)} {m.month}: {format_rate(m.rate, lang)} = {format_rupiah(m.amount, lang)}"
            for m in result.schedule])
        out.append(f"{ui('total', lang)}: {format_rupiah(result.total, lang)}")
        out += _section(ui("services", lang), [_line_text(ln, lang) for ln in result.services])
        out += _trace(result.trace, lang)
        out += _section(ui("assumptions", lang), list(result.assumptions))
        return out

    return _emit(args, payload, human)


# ------------------------------------------------------------------------------------------ benefits (issue 14)
def _parse_periods(value: str) -> list[Period]:
    """``2024-01..2024-12,2025-03`` → the months listed; a range includes both ends."""
    out: list[Period] = []
    for item in filter(None, (x.strip() for x in value.split(","))):
        first, _, last = item.partition("..")
        start, end = Period.parse(first), Period.parse(last or first)
        if end < start:
            raise RulesError("error_period_range", value=item)
        while start <= end:
            out.append(start)
            start = start.shift(1)
    return out


def _parse_amounts(value: str | None) -> list[tuple[Period, str]] | None:
    """``2023-01..2023-12=285000,2024-01=300000`` → (month, amount) for every month listed."""
    if value is None:
        return None
    out: list[tuple[Period, str]] = []
    for item in filter(None, (x.strip() for x in value.split(","))):
        periods, sep, amount = item.partition("=")
        if not sep:
            raise RulesError("error_amount_format", what="contributions", value=item)
        out += [(p, amount.strip()) for p in _parse_periods(periods)]
    return out


def _parse_yields(value: str | None) -> dict[int, str]:
    out: dict[int, str] = {}
    for item in filter(None, (x.strip() for x in (value or "").split(","))):
        year, sep, rate = item.partition("=")
        if not sep or not year.strip().isdigit():
            raise RulesError("error_amount_format", what="yields", value=item)
        out[int(year)] = rate.strip()
    return out


def _line_text(line: BenefitLine, lang: str) -> str:
    if line.amount is None:
        amount = ui("no_amount", lang)
    else:
        amount = format_rupiah(line.amount, lang)
        if not line.in_total:
            amount += f" ({ui('not_in_total', lang)})"
    return f"{line.description}: {amount}  [{line.reference}]"


def _benefit_output(args: argparse.Namespace, title: str, result: Any, header: Callable[[str], list[str]],
                    total: Any = None) -> int:
    payload = to_jsonable(result)
    if total is not None or "total" not in payload:
        payload["total"] = to_jsonable(total)

    def human(lang: str) -> list[str]:
        out = [ui(title, lang), *header(lang)]
        out += _section(ui("reasons", lang), list(getattr(result, "reasons", ())))
        out += _section(ui("lines", lang), [_line_text(ln, lang) for ln in getattr(result, "lines", ())])
        if payload.get("total") is not None:
            out.append(f"{ui('total', lang)}: {_fmt(result.total if total is None else total, lang)}")
        out += _trace(result.trace, lang)
        out += _section(ui("assumptions", lang), list(result.assumptions))
        return out

    return _emit(args, payload, human)


def _jkk(args: argparse.Namespace) -> int:
    result = jkk_benefit(accident_date=_parse_date(args.accident_date), wage=args.wage, outcome=args.outcome,
                         stmb_months=_parse_int(args.stmb_months, "stmb-months"),
                         disability_percent=args.disability_percent,
                         employer_in_arrears=None if args.employer_in_arrears is None
                         else args.employer_in_arrears == "yes", lang=args.lang)
    return _benefit_output(args, "jkk", result, lambda lang: [
        f"{text('jkk_outcome_' + result.outcome, lang)}, {format_rupiah(result.wage, lang)}",
        f"{ui('payer', lang)}: {text('payer_' + result.payer, lang)}"])


def _jkk_late(args: argparse.Namespace) -> int:
    result = jkk_late_payment(benefit=args.benefit, complete_on=_parse_date(args.complete_on),
                              paid_on=_parse_date(args.paid_on), lang=args.lang)
    return _benefit_output(args, "jkk-late", result, lambda lang: [
        f"{ui('payment_deadline', lang)}: {format_date(result.deadline, lang)}",
        f"{ui('days_late', lang)}: {result.days_late}",
        f"{ui('compensation', lang)}: {format_rupiah(result.amount, lang)}  [{result.reference}]"],
        total=result.amount)


def _jkm(args: argparse.Namespace) -> int:
    result = jkm_benefit(death_date=_parse_date(args.death_date),
                         membership_months=_parse_int(args.membership_months, "membership-months"),
                         children=_parse_int(args.children, "children"), lang=args.lang)
    return _benefit_output(args, "jkm", result, lambda lang: [
        f"{format_date(_parse_date(args.death_date), lang)}"])


def _jht(args: argparse.Namespace) -> int:
    balance = args.balance
    fund = None
    contributions = _parse_amounts(args.contributions)
    if balance is None and contributions is not None:
        fund = jht_balance(contributions=contributions, yields=_parse_yields(args.yields), lang=args.lang)
        balance = fund.balance
    result = jht_eligibility(event=args.event, event_date=_parse_date(args.event_date),
                             birth_date=_parse_date(args.birth_date),
                             membership_start=_parse_date(args.membership_start),
                             claim_date=_parse_date(args.claim_date), partial_taken=args.partial_taken,
                             balance=balance, lang=args.lang)
    if fund is not None:
        result = dataclasses.replace(result, trace=fund.trace + result.trace,
                                     assumptions=fund.assumptions + result.assumptions)

    def header(lang: str) -> list[str]:
        out = [f"{ui('eligible', lang)}: {_fmt(result.eligible, lang)}"]
        if result.earliest_payable_date:
            out.append(f"{ui('earliest', lang)}: {format_date(result.earliest_payable_date, lang)}")
        if result.payment_deadline:
            out.append(f"{ui('payment_deadline', lang)}: {format_date(result.payment_deadline, lang)}")
        return out

    return _benefit_output(args, "jht", result, header, total=result.amount)


def _jp(args: argparse.Namespace) -> int:
    result = jp_benefit(birth_date=_parse_date(args.birth_date), on=_parse_date(args.on),
                        contribution_months=_parse_int(args.contribution_months, "contribution-months"),
                        average_indexed_wage=args.average_wage, lump_sum_balance=args.lump_sum_balance,
                        contributions=_parse_amounts(args.contributions), yields=_parse_yields(args.yields),
                        lang=args.lang)
    total = result.monthly_benefit if result.kind == "monthly" else result.lump_sum

    def header(lang: str) -> list[str]:
        return [f"{ui('pension_age', lang)}: {result.pension_age} ({format_date(result.pension_age_date, lang)})",
                f"{ui('kind', lang)}: {ui('kind_' + result.kind, lang)}", f"{ui('eligible', lang)}: {_fmt(result.eligible, lang)}"]

    return _benefit_output(args, "jp", result, header, total=total)


def _nik(args: argparse.Namespace) -> int:
    """An invalid NIK is a result, not bad input: exit status 0 with ``valid: false``."""
    result = nik_check(args.value, today=_parse_date(args.today), lang=args.lang)
    payload = {
        "valid": result.valid,
        "errors": [{"code": i.code, "message": i.message} for i in result.errors],
        "warnings": [{"code": i.code, "message": i.message} for i in result.warnings],
        "birth_date": result.birth_date, "sex": result.sex, "province_code": result.province_code,
        "regency_code": result.regency_code, "district_code": result.district_code,
        "region_name": result.region_name, "normalized": result.normalized, "value": result.value,
    }

    def human(lang: str) -> list[str]:
        out = [f"{ui('nik', lang)} — {result.value}", f"{ui('valid', lang)}: {_fmt(result.valid, lang)}"]
        if result.birth_date:
            out.append(f"{ui('birth_date', lang)}: {format_date(result.birth_date, lang)}")
        if result.sex:
            out.append(f"{ui('sex', lang)}: {ui('sex_' + result.sex, lang)}")
        if result.region_name:
            out.append(f"{ui('region', lang)}: {result.region_name} ({result.district_code})")
        out += _section(ui("errors", lang), [i.message for i in result.errors])
        out += _section(ui("warnings", lang), [i.message for i in result.warnings])
        return out

    return _emit(args, payload, human)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sinergi", description="Sinergi rules (stand-alone)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    register(subparsers)
    args = parser.parse_args(argv)
    if getattr(args, "_rules_handler", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
