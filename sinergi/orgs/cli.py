"""``sinergi orgs load|list`` and ``sinergi createuser``: units and users."""

from __future__ import annotations

import getpass
import sys

from sinergi.clitools import print_json


def cmd_orgs_load(args) -> int:
    from sinergi.orgs.services import orgs_load_reference

    result = orgs_load_reference()
    print_json(result) if args.json else print(
        f"unit organisasi: {result['units']} ({result['created']} baru, {result['updated']} diperbarui)"
    )
    return 0


def cmd_createuser(args) -> int:
    from django.core.exceptions import ValidationError

    from sinergi.orgs.models import OrgUnit
    from sinergi.orgs.services import user_create

    unit = OrgUnit.objects.filter(code=args.org).first()
    if unit is None:
        print(f"Unit organisasi '{args.org}' tidak ditemukan (lihat `sinergi orgs list`).", file=sys.stderr)
        return 2
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Kata sandi: ")
        if getpass.getpass("Ulangi kata sandi: ") != password:
            print("Kata sandi tidak sama.", file=sys.stderr)
            return 2
    try:
        user = user_create(username=args.username, org_unit=unit, roles=args.role, password=password,
                           first_name=args.first_name, last_name=args.last_name, email=args.email,
                           position=args.position, actor=None, reason="sinergi createuser")
    except ValidationError as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        return 2
    print(f"Pengguna {user.username} dibuat di {unit.name}.")
    return 0


def cmd_orgs_list(args) -> int:
    from sinergi.orgs.models import OrgUnit

    rows = list(OrgUnit.objects.order_by("path").values("code", "name", "kind", "path"))
    if args.json:
        print_json([{k: r[k] for k in ("code", "name", "kind")} for r in rows])
    else:
        for r in rows:
            print(f"{'  ' * (r['path'].count('/') - 2)}{r['code']:<32} {r['name']}")
    return 0


def register(sub, django_command) -> None:
    orgs = sub.add_parser("orgs", help="unit organisasi").add_subparsers(dest="sub", required=True)
    p = django_command("load", cmd_orgs_load, "muat unit organisasi acuan", orgs)
    p.add_argument("--json", action="store_true")
    p = django_command("list", cmd_orgs_list, "daftar unit organisasi", orgs)
    p.add_argument("--json", action="store_true")

    p = django_command("createuser", cmd_createuser, "buat pengguna")
    p.add_argument("--username", required=True)
    p.add_argument("--org", required=True, help="kode unit organisasi")
    p.add_argument("--role", action="append", required=True, help="kode peran; boleh berulang")
    p.add_argument("--first-name", default="")
    p.add_argument("--last-name", default="")
    p.add_argument("--email", default="")
    p.add_argument("--position", default="")
    p.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin")
