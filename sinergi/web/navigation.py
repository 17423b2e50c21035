"""The navigation menu. Each capability adds its entries here; an entry shows when the user holds its
capability, so the menu always matches what the user may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.orgs.scoping import user_can


@dataclass(frozen=True)
class NavItem:
    key: str
    label: object
    url_name: str
    capability: str


NAV: list[NavItem] = [
    NavItem("home", _("Beranda"), "web:home", "home.view"),
    NavItem("orgs", _("Unit saya"), "orgs:my_unit", "orgs.view"),
    NavItem("employers", _("Pemberi kerja"), "registry:employer_list", "registry.view"),
    NavItem("aging", _("Umur piutang"), "receivables:aging", "receivables.aging"),
    NavItem("billing", _("Penagihan"), "receivables:billing_run", "receivables.billing"),
    NavItem("payments", _("Pembayaran"), "receivables:payments", "receivables.payments"),
    NavItem("cases", _("Kasus kepatuhan"), "enforcement:case_list", "enforcement.cases"),
    NavItem("worklist", _("Daftar tugas"), "enforcement:worklist", "enforcement.manage"),
    NavItem("skk", _("SKK Kejaksaan"), "enforcement:skk_list", "enforcement.skk_view"),
    NavItem("pupn", _("PUPN/KPKNL"), "enforcement:pupn_list", "enforcement.pupn_view"),
    NavItem("reports", _("Laporan monev"), "enforcement:monev", "enforcement.reports"),
    NavItem("enforcement_dashboard", _("Dasbor penegakan"), "enforcement:dashboard", "enforcement.dashboard"),
    NavItem("rentan", _("Pekerja rentan"), "rentan:programme_list", "rentan.view"),
    NavItem("verification", _("Antrean verifikasi"), "rentan:queue", "rentan.verify"),
    NavItem("rentan_payments", _("Pembayaran iuran rentan"), "rentan:payment_batch_list", "rentan.view"),
    NavItem("coverage", _("Cakupan kepesertaan"), "coverage:coverage", "coverage.view"),
    NavItem("claims", _("Klaim"), "claims:claim_list", "claims.view"),
    NavItem("calculator", _("Kalkulator iuran"), "web:calculator", "rules.calculator"),
    NavItem("nik", _("Cek NIK"), "web:nik_check", "nik.check"),
    NavItem("jobs", _("Pekerjaan"), "jobs:list", "jobs.view"),
    NavItem("audit", _("Jejak audit"), "audit:search", "audit.search"),
    NavItem("admin", _("Administrasi"), "admin:index", "admin.site"),
]


def nav_for(user, current_path: str = "") -> list[dict]:
    items = []
    for item in NAV:
        if user_can(user, item.capability):
            url = reverse(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"key": item.key, "label": item.label, "url": url, "active": active})
    return items
