"""Staff pages over the pure rules: the contribution calculator (PU and BPU) and the NIK check.

They compute only — nothing is stored — and show the same explanation as ``sinergi rules``: every line
with its regulation, the trace, the assumptions and the warnings. Both answer GET so a result can be
linked to. Bad input is a form error in the active language, never a 500.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sinergi import formatting
from sinergi.clock import today
from sinergi.rules import RulesError, bpu_contribution, contribution_compute, nik_check
from sinergi.rules.money import format_rate
from sinergi.web.calculator_forms import BpuForm, ContributionForm, NikForm
from sinergi.web.decorators import capability_required

PAYER_LABELS = {
    "employer": _("Pemberi kerja"),
    "worker": _("Pekerja"),
    "government": _("Pemerintah"),
    "participant": _("Peserta"),
}
SEX_LABELS = {"F": _("Perempuan"), "M": _("Laki-laki")}
# The rules name the input in error messages ("wage tidak boleh negatif"); say it as the form does.
FIELD_OF = {"wage": "wage", "income": "income", "workers": "workers", "sector": "sector", "funding": "funding"}


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _attach(form, error: RulesError, lang: str) -> None:
    """Show a rules error on the field it is about (period, wage, …), or on the form."""
    field = FIELD_OF.get(str(error.params.get("what", "")))
    if field in form.fields:
        params = {**error.params, "what": str(form.fields[field].label)}
        form.add_error(field, RulesError(error.key, **params).message(lang))
    elif error.key == "error_period_format" or error.key in ("error_before_law", "error_not_in_force"):
        form.add_error("period", error.message(lang))
    else:
        form.add_error(None, error.message(lang))
    form.mark_invalid()


def _value_text(value, lang: str) -> str:
    """A trace value as the CLI writes it: whole amounts as rupiah, fractions as rates, dates in words."""
    if isinstance(value, bool):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return formatting.format_rupiah(value, lang=lang)
        return format_rate(value, lang) if abs(value) < 1 else formatting.format_number(value, lang=lang)
    if isinstance(value, date):
        return formatting.format_date(value, lang=lang)
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _steps(trace, lang: str) -> list[dict]:
    steps = []
    for step in trace:
        shown = step.value.isoformat() if isinstance(step.value, date) else None
        value = "" if step.value in (None, "") or (shown and shown in step.description) else _value_text(step.value, lang)
        steps.append({"description": step.description, "value": value, "reference": step.reference or ""})
    return steps


def _rows(lines) -> list[dict]:
    """Lines with the payer's label and the rate as a percentage with as many decimals as it needs."""
    rows = []
    for line in lines:
        percent = (line.rate * 100).normalize()
        decimals = max(0, -percent.as_tuple().exponent)
        rows.append({"line": line, "payer": PAYER_LABELS.get(line.payer, line.payer), "percent": percent,
                     "decimals": min(decimals, 6)})
    return rows


@capability_required("rules.calculator")
def calculator(request):
    lang = _lang()
    tab = "bpu" if request.GET.get("tab") == "bpu" or "bpu-period" in request.GET else "pu"
    pu_bound = "period" in request.GET
    bpu_bound = "bpu-period" in request.GET
    form = ContributionForm(request.GET if pu_bound else None, initial={"period": _this_month()})
    bpu_form = BpuForm(request.GET if bpu_bound else None, initial={"period": _this_month()})
    context = {"form": form, "bpu_form": bpu_form, "tab": tab, "result": None, "bpu_result": None}

    if pu_bound and form.is_valid():
        try:
            result = contribution_compute(**form.rules_arguments(), lang=lang)
        except RulesError as error:
            _attach(form, error, lang)
        else:
            context.update({
                "result": result, "rows": _rows(result.lines), "deferred_rows": _rows(result.deferred),
                "steps": _steps(result.trace, lang),
                "totals": [(PAYER_LABELS[p], amount) for p, amount in result.totals.items()],
                "grand_total": sum(result.totals.values(), Decimal(0)),
            })
    if bpu_bound and bpu_form.is_valid():
        try:
            bpu = bpu_contribution(**bpu_form.rules_arguments(), lang=lang)
        except RulesError as error:
            _attach(bpu_form, error, lang)
        else:
            context.update({"bpu_result": bpu, "bpu_rows": _rows(bpu.lines), "bpu_steps": _steps(bpu.trace, lang)})
    return render(request, "web/calculator.html", context)


def _this_month() -> str:
    return today().strftime("%Y-%m")


@capability_required("nik.check")
def nik_check_page(request):
    lang = _lang()
    bound = "nik" in request.GET
    form = NikForm(request.GET if bound else None)
    result = None
    if bound and form.is_valid():
        result = nik_check(form.cleaned_data["nik"], lang=lang)
    context = {"form": form, "result": result,
               "sex": SEX_LABELS.get(result.sex) if result and result.sex else None}
    return render(request, "web/nik_check.html", context)
