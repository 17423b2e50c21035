from __future__ import annotations

from django.db import connection

from sinergi.regions.loader import iter_source_rows, kind_for, regions_load
from sinergi.regions.models import Region, normalise_region_code


def test_every_region_of_the_2025_decree_is_loaded(db):
    counts = {level: Region.objects.filter(level=level, is_current=True).count() for level in (1, 2, 3, 4)}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert Region.objects.filter(kind="kabupaten").count() == 416
    assert Region.objects.filter(kind="kota").count() == 98


def test_a_second_load_writes_nothing(db):
    result = regions_load()
    assert (result.inserted, result.updated, result.retired) == (0, 0, 0)
    assert result.read == 38 + 514 + 7285 + 83762


def test_a_renamed_region_is_updated_and_a_vanished_one_retired(db):
    Region.objects.filter(code="64.02").update(name="Kutai Lama", name_search="kutai lama")
    Region.objects.create(code="64.99", level=2, kind="kabupaten", parent_id="64", name="Bekas", name_search="bekas")
    result = regions_load()
    assert (result.updated, result.retired) == (1, 1)
    assert Region.objects.get(code="64.02").name == "Kabupaten Kutai Kartanegara"
    assert Region.objects.get(code="64.99").is_current is False


def test_codes_carry_the_hierarchy(db):
    tenggarong = Region.objects.get(code="64.02.01")
    assert tenggarong.parent.code == "64.02" and tenggarong.parent.parent.name == "Kalimantan Timur"
    assert Region.objects.get(code="64.02").digits == "6402"


def test_kind_follows_permendagri_58_2021():
    assert kind_for(2, "64.71", "Kota Balikpapan") == "kota"
    assert kind_for(2, "64.02", "Kabupaten Kutai Kartanegara") == "kabupaten"
    assert kind_for(4, "64.02.07.1001", "x") == "kelurahan"
    assert kind_for(4, "64.02.07.2001", "x") == "desa"
    assert kind_for(4, "11.01.01.3001", "x") == "desa_adat"


def test_source_rows_list_parents_before_children():
    seen = set()
    for code, _level, _kind, parent, _name in iter_source_rows():
        assert parent is None or parent in seen, code
        seen.add(code)


def test_region_codes_are_read_in_every_common_spelling():
    assert normalise_region_code("6402072001") == "64.02.07.2001"
    assert normalise_region_code("64.02.07.2001") == "64.02.07.2001"
    assert normalise_region_code(" 64 02 ") == "64.02"
    assert normalise_region_code("640") is None
    assert normalise_region_code("") is None


def test_a_failed_load_leaves_the_table_unchanged(db, monkeypatch):
    Region.objects.filter(code="53.71").update(name="Kupang Lama", name_search="kupang lama")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(connection, "cursor", broken)
    try:
        regions_load()
    except RuntimeError:
        pass
    monkeypatch.undo()
    assert Region.objects.get(code="53.71").name == "Kupang Lama"
