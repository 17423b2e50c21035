"""`sinergi enforcement pupn-candidates`, `sinergi report monev-kejaksaan` and `sinergi report pupn`."""

from __future__ import annotations

import datetime as dt
import json

from sinergi.cli import main
from sinergi.clock import today
from tests.enforcement.factories import skk_make
from tests.enforcement.test_pupn import _handed_over, _letters_in_tmp, macet  # noqa: F401 (autouse fixture)

MONEV_ROW_KEYS = {"kejari", "kejari_name", "skk", "potential", "realised", "realisation_pct", "settled",
                  "in_progress", "failed", "obstacles"}


def _json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_pupn_candidates_lists_the_kanwils_macet_employers_with_amounts(world, capsys):
    employer = macet(name="PT Kandidat CLI")
    data = _json(capsys, "enforcement", "pupn-candidates", "--kanwil", "bpjs-kanwil-kalimantan", "--json")
    assert data["employers"] == 1 and data["minimum"] == 8_000_000
    candidate = data["candidates"][0]
    assert candidate["npp"] == employer.npp and candidate["kpknl"] == "kpknl-balikpapan"
    assert isinstance(candidate["principal"], int) and candidate["total"] == candidate["principal"] + candidate[
        "penalty"]
    assert data["by_kpknl"] == [{"kpknl": "kpknl-balikpapan", "employers": 1, "principal": candidate["principal"],
                                 "penalty": candidate["penalty"], "total": candidate["total"]}]


def test_monev_json_has_the_agreed_shape(world, capsys):
    skk_make(kejari="kejari-kota-kupang", dated=dt.date(2024, 2, 1), principal=3_000_000, status="settled",
             legacy=True, legacy_realised=1_000_000)
    data = _json(capsys, "report", "monev-kejaksaan", "--province", "53", "--year", "2024", "--json")
    assert len(data["rows"]) == 15 and all(set(r) == MONEV_ROW_KEYS for r in data["rows"])
    kupang = next(r for r in data["rows"] if r["kejari"] == "kejari-kota-kupang")
    assert (kupang["skk"], kupang["potential"], kupang["realised"]) == (1, 3_000_000, 1_000_000)
    assert kupang["realisation_pct"] == "33.33" and kupang["settled"] == 1
    assert data["total"]["skk"] == 1 and data["total"]["realisation_pct"] == "33.33"
    assert next(r for r in data["rows"] if r["kejari"] == "kejari-ende")["realisation_pct"] is None


def test_monev_refuses_a_half_range(world, capsys):
    assert main(["report", "monev-kejaksaan", "--province", "53", "--from", "2024-01-01"]) == 2


def test_pupn_report_json(world, capsys):
    _handed_over([macet()])
    data = _json(capsys, "report", "pupn", "--kanwil-djkn", "djkn-kanwil-kaltimtara", "--year", str(today().year),
                 "--json")
    rows = {r["kpknl"]: r for r in data["rows"]}
    assert rows["kpknl-balikpapan"]["handovers"] == 1 and rows["kpknl-balikpapan"]["stages"] == {"submitted": 1}
    assert data["total"]["employers"] == 1 and isinstance(data["total"]["amount"], int)
