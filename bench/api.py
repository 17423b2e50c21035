#!/usr/bin/env python3
"""Benchmark the partner API over HTTP: p50/p95 and requests per second of its main lists at 1, 10 and 50
concurrent clients, with ApacheBench (``ab``, Debian's apache2-utils) on loopback against waitress.

Figures per endpoint and concurrency: rps, p50_ms, p95_ms, failed (non-2xx or broken); the queries one request
costs; and the limit: the SQL behind the same page run alone on the same connection (``limit_ms``: what the
database cannot go below; everything above it is Django, pydantic, JSON and HTTP). The target (issue #15):
p95 ≤ 150 ms at 10 concurrent clients with 0 errors.

Generated set-wise in a throw-away database (SQLite file, or ``bench_sinergi_<pid>`` on DATABASE_URL): E
employers spread over five branches (Kalimantan and Kupang), N employments of N workers, a stored position
(EmployerSummary) for every employer with a fifth of them macet, and one SKK per 20 Kupang employers to Kejari
Kota Kupang. The token's rate limit is lifted for the run (it would stop a benchmark, which is its job).
The issue's size: 50.000 employers, 1.000.000 employments, on PostgreSQL. Usage:
python bench/api.py [--employers 50000] [--employments 1000000] [--requests 400] [--concurrency 1,10,50] --json
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")  # the fast password hasher
os.environ["SINERGI_API_RATE"] = "100000000/min"

from _harness import analyze, bench_parser, figures_print, npp_sql, reference_database, series, timed  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BRANCHES = ("bpjs-cabang-balikpapan", "bpjs-cabang-samarinda", "bpjs-cabang-bontang", "bpjs-cabang-tenggarong",
            "bpjs-cabang-kupang")
CLASSES = ("lancar", "lancar", "kurang_lancar", "diragukan", "macet")


def generate(employers: int, employments: int) -> None:
    from sinergi.clock import today
    from sinergi.orgs.models import OrgUnit

    pg = connection.vendor == "postgresql"
    branch_ids = list(OrgUnit.objects.filter(code__in=BRANCHES).order_by("code").values_list("pk", flat=True))
    kupang = OrgUnit.objects.get(code="bpjs-cabang-kupang").pk
    kejari = OrgUnit.objects.get(code="kejari-kota-kupang").pk
    branch_case = "CASE " + " ".join(f"WHEN n %% {len(branch_ids)} = {i} THEN {pk}"
                                     for i, pk in enumerate(branch_ids)) + " END"
    class_case = "CASE " + " ".join(f"WHEN n %% {len(CLASSES)} = {i} THEN '{k}'"
                                    for i, k in enumerate(CLASSES)) + " END"
    nik = "'6471' || LPAD(CAST(n AS TEXT), 12, '0')" if pg else "'6471' || substr('000000000000' || n, -12, 12)"
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO registry_employer (npp, name, name_search, npwp, kbli, sector, size_class, jkk_risk_group,"
            " branch_id, region_id, address, status, registered_on, is_construction_project, relief_industry,"
            " created_at, updated_at) "
            f"SELECT {npp_sql()}, 'PT Usaha ' || CAST(n AS TEXT), 'pt usaha ' || CAST(n AS TEXT), '', '', 'G',"
            f" 'kecil', 1, {branch_case}, NULL, '', 'active', '2015-01-01', FALSE, '', CURRENT_TIMESTAMP,"
            f" CURRENT_TIMESTAMP FROM ({series()}) g", [employers])
        c.execute("SELECT MIN(id) FROM registry_employer")
        e0 = c.fetchone()[0]
        c.execute(f"INSERT INTO registry_worker (nik, name, sex, created_at) SELECT {nik}, 'Pekerja', 'M',"
                  f" CURRENT_TIMESTAMP FROM ({series()}) g", [employments])
        c.execute("SELECT MIN(id) FROM registry_worker")
        w0 = c.fetchone()[0]
        c.execute(
            "INSERT INTO registry_employment (worker_id, employer_id, start_date, end_date, jkk, jkm, jht, jp, jkp) "
            f"SELECT %s + n - 1, %s + ((n - 1) %% %s), '2020-01-01', NULL, TRUE, TRUE, TRUE, TRUE, TRUE "
            f"FROM ({series()}) g", [w0, e0, employers, employments])
        c.execute(
            "INSERT INTO receivables_employersummary (employer_id, billed, paid, outstanding, arrears, unpaid_bills,"
            " oldest_unpaid_due, months_overdue, klass, workers, computed_on) "
            f"SELECT %s + n - 1, 36000000, 36000000 - (n %% 5) * 4000000, (n %% 5) * 4000000, (n %% 5) * 4000000,"
            f" (n %% 5) * 4, NULL, (n %% 5) * 4, {class_case}, 20, %s FROM ({series()}) g",
            [e0, today(), employers])
        c.execute(
            "INSERT INTO enforcement_skk (employer_id, branch_id, kejari_id, number, dated, principal, penalty, amount,"
            " documents, status, obstacle, obstacle_note, legacy, legacy_realised, created_at) "
            "SELECT e.id, e.branch_id, %s, 'SKK-BENCH-' || CAST(e.id AS TEXT), '2026-01-05', 4000000, 0, 4000000,"
            " '[]', 'handed_over', '', '', FALSE, 0, CURRENT_TIMESTAMP FROM registry_employer e "
            "WHERE e.branch_id = %s AND e.id %% 20 = 0", [kejari, kupang])
    analyze()


def serve():
    """waitress on a free loopback port in this process (the throw-away database's settings), as
    ``sinergi serve`` runs it (8 threads); returns the server and its base URL."""
    from django.core.wsgi import get_wsgi_application
    from waitress.server import create_server

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a queue is what 50 clients make, by design
    server = create_server(get_wsgi_application(), host="127.0.0.1", port=0, threads=8, ident="Sinergi")
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def disconnect_others() -> None:
    """End the server threads' connections (persistent, as in production), so the throw-away database can be
    dropped."""
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def ab(url: str, token: str, *, requests: int, concurrency: int) -> dict:
    """One ApacheBench run (keep-alive): requests per second, p50 and p95 in ms, failed requests."""
    out = subprocess.run(["ab", "-q", "-k", "-n", str(requests), "-c", str(concurrency), "-H",
                          f"Authorization: Bearer {token}", url], capture_output=True, text=True, check=True).stdout
    percent = dict(re.findall(r"^\s+(\d+)%\s+(\d+)", out, re.M))
    failed = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
    return {"rps": float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1)),
            "p50_ms": int(percent["50"]), "p95_ms": int(percent["95"]),
            "failed": failed + (int(non_2xx.group(1)) if non_2xx else 0)}


def queries_and_limit(client, path: str, token: str) -> dict:
    """The queries one request costs (the test client, same code path) and the SQL of those queries run alone
    on the connection, best of five: the limit."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, (path, response.status_code)
    statements = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]

    def run_sql():
        with connection.cursor() as c:
            for sql in statements:
                c.execute(sql)
                c.fetchall()

    times = [timed(run_sql)[0] for _ in range(5)]
    return {"queries": len(ctx.captured_queries), "limit_ms": round(min(times) * 1000, 1)}


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--employers", type=int, default=50_000)
    parser.add_argument("--employments", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and concurrency")
    parser.add_argument("--concurrency", default="1,10,50")
    args = parser.parse_args()
    if not shutil.which("ab"):
        print("ApacheBench is missing: apt-get install apache2-utils", file=sys.stderr)
        return 2
    levels = [int(x) for x in args.concurrency.split(",")]

    with reference_database(orgs=True, sqlite_file=True):
        from django.test import Client

        from sinergi.api.services import token_create
        from sinergi.orgs.models import OrgUnit
        from sinergi.orgs.services import user_create

        generate_s, _ = timed(lambda: generate(args.employers, args.employments))
        print(f"generated in {generate_s:.1f} s", file=sys.stderr)
        people = {
            "kanwil": user_create(username="kepala", org_unit=OrgUnit.objects.get(code="bpjs-kanwil-kalimantan"),
                                  roles=["bpjs_leadership"], password="bench-1234567", actor=None, validate=False),
            "kejari": user_create(username="jaksa", org_unit=OrgUnit.objects.get(code="kejari-kota-kupang"),
                                  roles=["prosecutor"], password="bench-1234567", actor=None, validate=False),
        }
        tokens = {key: token_create(user=user, name="bench", actor=user)[1] for key, user in people.items()}
        from sinergi.registry.models import Employer

        some = Employer.objects.filter(branch__code="bpjs-cabang-balikpapan").order_by("pk").values_list(
            "pk", flat=True)[100]
        endpoints = {
            "employers": ("kanwil", "/api/v1/employers/?limit=50"),
            "employers_macet": ("kanwil", "/api/v1/employers/?collectibility=macet&limit=50"),
            "employer_detail": ("kanwil", f"/api/v1/employers/{some}"),
            "skk": ("kejari", "/api/v1/skk/?limit=50"),
        }
        client = Client()
        server, base = serve()
        results = {}
        try:
            for name, (who, path) in endpoints.items():
                figures = queries_and_limit(client, path, tokens[who])
                ab(base + path, tokens[who], requests=20, concurrency=1)  # warm the threads' connections
                for level in levels:
                    started = time.perf_counter()
                    figures[f"c{level}"] = ab(base + path, tokens[who], requests=args.requests, concurrency=level)
                    figures[f"c{level}"]["wall_s"] = round(time.perf_counter() - started, 1)
                results[name] = figures
        finally:
            server.close()
            disconnect_others()
        p95_at_10 = [f["c10"]["p95_ms"] for f in results.values() if "c10" in f]
        return figures_print({
            "employers": args.employers, "employments": args.employments, "requests": args.requests,
            "generate_s": round(generate_s, 1), "endpoints": results,
            "p95_ms_at_10_median": statistics.median(p95_at_10) if p95_at_10 else None,
            "database": connection.vendor,
        }, args)


if __name__ == "__main__":
    sys.exit(main())
