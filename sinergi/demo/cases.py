"""Demo step ``cases``: compliance cases at Balikpapan, so the case list and Yusuf's worklist have work.

The branch's compliance officer opened cases five weeks ago for the demo employers with the largest arrears
that are not yet macet (the early ladder: macet employers are the PUPN candidates of the ``pupn`` step),
issued Surat Peringatan 1 to most of them two days later and Surat Peringatan 2 to a few once the first had
lapsed — all through the same services as the screens, so deadlines skip holidays and cuti bersama and
every warning has its numbered PDF. Cases whose employers have since paid close as settled.

Demo constants (not law): :data:`CASES`, :data:`WITH_SP1`, :data:`WITH_SP2`, :data:`OPENED_DAYS_AGO`.
Added once: skipped when Balikpapan already has compliance cases.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sinergi.audit.services import audit_record
from sinergi.clock import today as local_today
from sinergi.enforcement.models import Case
from sinergi.orgs.models import OrgUnit
from sinergi.receivables.models import EmployerSummary
from sinergi.rules.workdays import add_working_days, next_working_day

BRANCH = "bpjs-cabang-balikpapan"
CASES = 12
WITH_SP1 = 8
WITH_SP2 = 3
OPENED_DAYS_AGO = 35
AUDIT_ACTION = "demo.cases"


def demo_cases(options, log: Callable[[str], None]) -> None:
    """The ``sinergi demo`` step: see the module docstring."""
    from sinergi.enforcement.cases.services import (
        arrears_by_employer,
        case_warning_issue,
        cases_open_from_arrears,
        cases_refresh_settled,
    )

    branch = OrgUnit.objects.filter(code=BRANCH).first()
    if branch is None:
        log("kasus demo: kantor cabang Balikpapan belum dimuat; langkah ini dilewati")
        return
    if Case.objects.filter(branch=branch).exists():
        log("kasus demo: Balikpapan sudah memiliki kasus kepatuhan; langkah ini dilewati")
        return
    today = local_today()
    opened, _skipped = next_working_day(today - timedelta(days=OPENED_DAYS_AGO))
    # The branch's employers in arrears on the day the cases were opened (today's summary would also count
    # the months that fell due since, which had not on that day), largest first, macet left to PUPN.
    candidates = (EmployerSummary.objects.filter(employer__branch=branch, arrears__gt=0,
                                                 employer__registered_on__lt=opened)
                  .exclude(klass="macet").values_list("employer_id", flat=True))
    owed = arrears_by_employer(candidates, opened)
    employers = sorted(owed, key=lambda e: (-owed[e][0], e))[:CASES]
    if not employers:
        log("kasus demo: tidak ada pemberi kerja menunggak di Balikpapan; langkah ini dilewati")
        return
    cases = sorted(cases_open_from_arrears(employer_ids=employers, actor=None, on=opened)["opened"],
                   key=lambda c: c.number)
    sp1_on = add_working_days(opened, 2)
    # However few cases the calendar leaves, the worklist keeps each kind of work: one case still waiting for
    # its first warning, one whose SP1 lapsed without an SP2.
    warned = [case_warning_issue(case=case, level=1, actor=None, on=sp1_on)
              for case in cases[:min(WITH_SP1, max(len(cases) - 1, 1))]]
    second = 0
    for step in warned[:min(WITH_SP2, max(len(warned) - 1, 0))]:
        sp2_on = add_working_days(step.due_on, 1)
        if sp2_on <= today:
            case_warning_issue(case=step.case, level=2, actor=None, on=sp2_on)
            second += 1
    settled = cases_refresh_settled(on=today)
    audit_record(actor=None, action=AUDIT_ACTION, object_type="enforcement.case", object_repr="Kasus demo",
                 scope_unit=branch, after={"cases": len(cases), "sp1": len(warned), "sp2": second,
                                           "settled": settled, "opened_on": opened})
    log(f"kasus kepatuhan demo Balikpapan: {len(cases)} dibuka {opened:%d-%m-%Y}, SP1 {len(warned)}, "
        f"SP2 {second}, lunas {settled}")
