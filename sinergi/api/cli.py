"""``sinergi api service-account|token``: a partner system's account and its tokens, for the operator who
connects that system (the tokens of people are made by themselves on their profile page)."""

from __future__ import annotations

import datetime as dt
import sys

from sinergi.clitools import print_json


def cmd_service_account(args) -> int:
    from django.core.exceptions import ValidationError

    from sinergi.api.services import service_account_create
    from sinergi.orgs.models import OrgUnit

    unit = OrgUnit.objects.filter(code=args.org, is_active=True).first()
    if unit is None:
        print(f"Unit {args.org} tidak dikenal atau tidak aktif (lihat `sinergi orgs list`).", file=sys.stderr)
        return 2
    try:
        account = service_account_create(username=args.username, system=args.system, org_unit=unit,
                                         roles=args.role, contact=args.contact, actor=None)
    except ValidationError as error:
        for message in error.messages:
            print(message, file=sys.stderr)
        return 2
    print(f"Akun layanan {account.user.username} ({account.system}) dibuat di {unit.name}, peran: "
          f"{', '.join(args.role)}. Buat tokennya dengan `sinergi api token --user {account.user.username}`.")
    return 0


def cmd_token(args) -> int:
    from django.core.exceptions import PermissionDenied, ValidationError

    from sinergi.api.services import token_create
    from sinergi.orgs.models import User

    user = User.objects.filter(username=args.user, is_active=True, service_account__isnull=False).first()
    if user is None:
        print(f"Akun layanan {args.user} tidak ada. Token pegawai dibuat sendiri di Profil → Token API.",
              file=sys.stderr)
        return 2
    try:
        expires = dt.date.fromisoformat(args.expires) if args.expires else None
    except ValueError:
        print(f"--expires {args.expires}: tulis tanggal sebagai YYYY-MM-DD.", file=sys.stderr)
        return 2
    try:
        token, secret = token_create(user=user, name=args.name, expires_on=expires, actor=None)
    except (ValidationError, PermissionDenied) as error:
        print(" ".join(getattr(error, "messages", [str(error)])), file=sys.stderr)
        return 2
    if args.json:
        print_json({"user": user.username, "name": token.name, "expires_on": token.expires_on, "token": secret})
    else:
        print(f"Token {token.name} untuk {user.username}, berlaku sampai {token.expires_on:%d/%m/%Y}.")
        print("Simpan rahasia ini sekarang; Sinergi hanya menyimpan hash-nya dan tidak dapat menampilkannya lagi:")
        print(secret)
    return 0


def register(sub, django_command) -> None:
    api = sub.add_parser("api", help="akun layanan dan token API mitra").add_subparsers(dest="sub", required=True)
    p = django_command("service-account", cmd_service_account, "buat akun layanan untuk sistem mitra", api)
    p.add_argument("--username", required=True)
    p.add_argument("--system", required=True, help='nama sistem mitra, misalnya "SIPD Kutai Kartanegara"')
    p.add_argument("--org", required=True, help="kode unit organisasi akun ini")
    p.add_argument("--role", action="append", required=True, help="kode peran (boleh berulang)")
    p.add_argument("--contact", default="", help="penanggung jawab di pihak mitra")
    p = django_command("token", cmd_token, "buat token API untuk akun layanan (rahasia ditampilkan sekali)", api)
    p.add_argument("--user", required=True, help="nama pengguna akun layanan")
    p.add_argument("--name", required=True, help="nama token, misalnya nama server mitra")
    p.add_argument("--expires", default="", help="berlaku sampai YYYY-MM-DD (bawaan 90 hari, paling lama 366)")
    p.add_argument("--json", action="store_true")
