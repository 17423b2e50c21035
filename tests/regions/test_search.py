from __future__ import annotations

import json


def test_a_region_is_found_by_words_of_its_name(login):
    response = login("sari").get("/wilayah/cari/", {"q": "kutai karta", "format": "json"})
    codes = [r["code"] for r in json.loads(response.content)["results"]]
    assert codes[0] == "64.02"


def test_a_region_is_found_by_its_code_with_or_without_dots(login):
    client = login("fitri")
    for q in ("6402072001", "64.02.07.2001"):
        results = json.loads(client.get("/wilayah/cari/", {"q": q, "format": "json"}).content)["results"]
        assert [r["code"] for r in results] == ["64.02.07.2001"]


def test_the_picker_can_be_limited_to_villages_of_one_regency(login):
    client = login("fitri")
    results = json.loads(client.get(
        "/wilayah/cari/", {"q": "loa", "level": 4, "within": "64.02", "format": "json"}).content)["results"]
    assert results and all(r["code"].startswith("64.02.") and len(r["code"]) == 13 for r in results)


def test_the_picker_partial_says_so_when_nothing_matches(login):
    response = login("fitri").get("/wilayah/cari/", {"q": "zzzz tidak ada"})
    assert "Tidak ada wilayah yang cocok" in response.content.decode()
