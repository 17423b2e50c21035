"""The sortable column headers of every list (``templates/includes/sort_th.html`` draws them)."""

from __future__ import annotations


def sort_headers(columns: dict[str, tuple[str, bool]], key: str, descending: bool) -> dict[str, dict]:
    """For each column ``name → (title, numeric)``: its title, whether it is the current sort, and the sort
    value of its link: the current column toggles its direction; another starts descending when it is
    numeric (the largest amount first is what people look for), ascending otherwise."""
    headers = {}
    for name, (title, numeric) in columns.items():
        active = name == key
        if active:
            link = name if descending else f"-{name}"
        else:
            link = f"-{name}" if numeric else name
        headers[name] = {"title": title, "link": link, "active": active, "descending": active and descending,
                         "numeric": numeric}
    return headers
