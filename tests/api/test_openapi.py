"""The API's contract is checked in (docs/api/openapi.json): a change in the code that changes the API shows as a
diff of that file in review, and a partner reads the contract without running Sinergi."""

from __future__ import annotations

import json
from pathlib import Path

from ninja.responses import NinjaJSONEncoder

from sinergi.api.api import api

CHECKED_IN = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def test_the_checked_in_openapi_file_is_the_schema_the_code_serves():
    served = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
    checked_in = json.loads(CHECKED_IN.read_text(encoding="utf-8"))
    changed = sorted(set(served["paths"]) ^ set(checked_in["paths"]))
    assert served == checked_in, (
        "docs/api/openapi.json is not the API the code serves"
        + (f" (paths added or removed: {', '.join(changed)})" if changed else "")
        + ". Regenerate it with `make openapi`, and review the diff.")


def test_every_operation_says_in_indonesian_what_it_does_and_every_write_names_its_refusals():
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
            if method in ("post", "put", "patch", "delete"):
                assert {"403", "422"} <= {str(code) for code in operation["responses"]}, f"{method.upper()} {path}"
