"""Sinergi rules as code: BPJS Ketenagakerjaan rates, caps, penalties, benefits and criteria.

Pure Python (no Django). Legal quantities live in ``parameters/**/*.yaml``, one file per quantity, each
value keyed by the date it takes effect and citing its regulation and article with a confidence tag
(C1 primary text … R recalled). Functions take keyword-only arguments and return frozen dataclasses with
the lines, totals, an explanation trace and the assumptions made. Money is ``Decimal``, rounded once per
line by :func:`sinergi.rules.money.round_rupiah`. Benefits (JKK, JKM, JHT, JP, JKP) explain their amount as
lines (:class:`~sinergi.rules.benefits.BenefitLine`) citing the regulation of each. See ``docs/rules.md``.
"""

from sinergi.rules.benefits import (
    BenefitLine,
    JkmResult,
    JkpContributionRecord,
    JkpResult,
    jkm_benefit,
    jkp_benefit,
    jkp_contribution_record,
    jkp_services,
)
from sinergi.rules.contributions import (
    BpuResult,
    ContributionResult,
    RateEntry,
    RateTable,
    bpu_contribution,
    contribution_compute,
    padat_karya_check,
    rate_table,
)
from sinergi.rules.due_dates import DueDateResult, due_date
from sinergi.rules.errors import ParameterFileError, RulesError
from sinergi.rules.jht import FundBalanceResult, JhtEligibilityResult, jht_balance, jht_eligibility
from sinergi.rules.jkk import JkkLatePaymentResult, JkkResult, jkk_benefit, jkk_late_payment
from sinergi.rules.jp import JpResult, jp_benefit, jp_pension_age
from sinergi.rules.money import round_rupiah, split_amount
from sinergi.rules.nik import NikResult, nik_check
from sinergi.rules.params import ParameterValue, load_parameters, value_at
from sinergi.rules.penalties import (
    AdminSanctionResult,
    PenaltyResult,
    admin_sanction_schedule,
    months_late,
    penalty_compute,
)
from sinergi.rules.periods import Period
from sinergi.rules.receivables import (
    CollectibilityResult,
    PupnResult,
    collectibility_classify,
    pupn_eligibility,
)
from sinergi.rules.results import Line, TraceStep, to_jsonable

__all__ = [
    "AdminSanctionResult", "BenefitLine", "BpuResult", "CollectibilityResult", "ContributionResult",
    "DueDateResult", "FundBalanceResult", "JhtEligibilityResult", "JkkLatePaymentResult", "JkkResult",
    "JkmResult", "JkpContributionRecord", "JkpResult", "JpResult", "Line", "NikResult", "ParameterFileError",
    "ParameterValue", "PenaltyResult", "Period", "PupnResult", "RateEntry", "RateTable", "RulesError",
    "TraceStep", "admin_sanction_schedule", "bpu_contribution", "collectibility_classify",
    "contribution_compute", "due_date", "jht_balance", "jht_eligibility", "jkk_benefit", "jkk_late_payment",
    "jkm_benefit", "jkp_benefit", "jkp_contribution_record", "jkp_services", "jp_benefit", "jp_pension_age",
    "load_parameters", "months_late", "nik_check", "padat_karya_check", "penalty_compute", "pupn_eligibility",
    "rate_table", "round_rupiah", "split_amount", "to_jsonable", "value_at",
]
