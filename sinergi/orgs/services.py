"""Writes for organisation units and users. Each function is one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.audit.services import audit_record, snapshot
from sinergi.orgs.models import OrgUnit, Role, User
from sinergi.orgs.roles import ROLES, R, UnitKind

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "organisations.yaml"
UNIT_FIELDS = ("code", "name", "kind", "opd_type", "parent", "region", "is_active")
USER_FIELDS = ("username", "first_name", "last_name", "email", "position", "phone", "org_unit", "is_active")


def _compute_path(unit: OrgUnit) -> str:
    prefix = unit.parent.path if unit.parent_id else "/"
    return f"{prefix}{unit.pk}/"


def _refresh_subtree_paths(unit: OrgUnit) -> None:
    old = unit.path
    new = _compute_path(unit)
    if old == new:
        return
    unit.path = new
    unit.save(update_fields=["path"])
    for child in OrgUnit.objects.filter(parent=unit):
        _refresh_subtree_paths(child)


def _set_jurisdiction(unit: OrgUnit, codes) -> None:
    from sinergi.regions.models import Region

    codes = sorted(set(codes or ()))
    found = list(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = sorted(set(codes) - set(found))
    if missing:
        raise ValidationError(_("Kode wilayah tidak dikenal: %(codes)s") % {"codes": ", ".join(missing)})
    unit.jurisdiction.set(found)


@transaction.atomic
def org_unit_create(
    *, code: str, name: str, kind: str, actor, parent: OrgUnit | None = None, region=None,
    opd_type: str = "", jurisdiction=(), reason: str = "",
) -> OrgUnit:
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent, region=region, opd_type=opd_type)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = _compute_path(unit)
    unit.save(update_fields=["path"])
    _set_jurisdiction(unit, jurisdiction)
    audit_record(actor=actor, action="orgs.unit.create", obj=unit, after=snapshot(unit, UNIT_FIELDS), reason=reason)
    return unit


@transaction.atomic
def org_unit_update(*, unit: OrgUnit, actor, reason: str = "", jurisdiction=None, **changes) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    before_jurisdiction = sorted(unit.jurisdiction.values_list("code", flat=True))
    for field, value in changes.items():
        if field not in UNIT_FIELDS:
            raise ValueError(f"{field} cannot be changed here")
        setattr(unit, field, value)
    if unit.parent_id and unit.parent.path.startswith(unit.path or "//"):
        raise ValidationError(_("Unit tidak dapat berada di bawah dirinya sendiri."))
    unit.full_clean(exclude=["path"])
    unit.save()
    _refresh_subtree_paths(unit)
    if jurisdiction is not None:
        _set_jurisdiction(unit, jurisdiction)
    after = snapshot(unit, UNIT_FIELDS)
    after_jurisdiction = sorted(unit.jurisdiction.values_list("code", flat=True))
    if before != after or before_jurisdiction != after_jurisdiction:
        before["jurisdiction"], after["jurisdiction"] = before_jurisdiction, after_jurisdiction
        audit_record(actor=actor, action="orgs.unit.update", obj=unit, before=before, after=after, reason=reason)
    return unit


def orgs_load_reference(*, actor=None, path: Path = REFERENCE_FILE) -> dict:
    """Create or update the reference units of ``organisations.yaml``; a second run changes nothing."""
    from sinergi.regions.models import Region

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    created = updated = 0
    with transaction.atomic():
        by_code = {u.code: u for u in OrgUnit.objects.all()}
        for row in data["units"]:
            parent = by_code[row["parent"]] if row.get("parent") else None
            region = Region.objects.get(code=row["region"]) if row.get("region") else None
            wanted = {
                "name": row["name"], "kind": row["kind"], "opd_type": row.get("opd_type", ""),
                "parent": parent, "region": region,
            }
            unit = by_code.get(row["code"])
            if unit is None:
                unit = org_unit_create(code=row["code"], actor=actor, jurisdiction=row.get("jurisdiction", ()),
                                       reason="reference data", **wanted)
                by_code[unit.code] = unit
                created += 1
                continue
            current_jurisdiction = sorted(unit.jurisdiction.values_list("code", flat=True))
            differs = any(getattr(unit, k) != v for k, v in wanted.items())
            if differs or current_jurisdiction != sorted(set(row.get("jurisdiction", ()))):
                by_code[unit.code] = org_unit_update(
                    unit=unit, actor=actor, reason="reference data",
                    jurisdiction=row.get("jurisdiction", ()), **wanted,
                )
                updated += 1
    return {"units": len(data["units"]), "created": created, "updated": updated}


def _check_roles(org_unit: OrgUnit | None, roles) -> list[Role]:
    codes = [str(r) for r in roles]
    unknown = [c for c in codes if c not in ROLES]
    if unknown:
        raise ValidationError(_("Peran tidak dikenal: %(roles)s") % {"roles": ", ".join(unknown)})
    if org_unit is None:
        raise ValidationError(_("Setiap pengguna harus berada di satu unit organisasi."))
    for code in codes:
        definition = ROLES[R(code)]
        if UnitKind(org_unit.kind) not in definition.unit_kinds:
            raise ValidationError(
                _("Peran %(role)s tidak dapat diberikan kepada pengguna di %(unit)s.")
                % {"role": definition.label, "unit": org_unit.name}
            )
    return list(Role.objects.filter(code__in=codes))


@transaction.atomic
def user_create(
    *, username: str, org_unit: OrgUnit, roles, actor, password: str | None = None, first_name: str = "",
    last_name: str = "", email: str = "", position: str = "", phone: str = "", validate: bool = True,
    reason: str = "",
) -> User:
    role_objs = _check_roles(org_unit, roles)
    user = User(
        username=username, org_unit=org_unit, first_name=first_name, last_name=last_name, email=email,
        position=position, phone=phone,
    )
    user.is_staff = any(r.code == R.SYSADMIN for r in role_objs)
    user.is_superuser = user.is_staff
    if password:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.roles.set(role_objs)
    after = snapshot(user, USER_FIELDS) | {"roles": sorted(r.code for r in role_objs)}
    audit_record(actor=actor, action="orgs.user.create", obj=user, after=after, reason=reason)
    return user


@transaction.atomic
def user_update(*, user: User, actor, roles=None, reason: str = "", **changes) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, USER_FIELDS) | {"roles": sorted(user.roles.values_list("code", flat=True))}
    for field, value in changes.items():
        if field not in USER_FIELDS:
            raise ValueError(f"{field} cannot be changed here")
        setattr(user, field, value)
    role_codes = [str(r) for r in roles] if roles is not None else before["roles"]
    role_objs = _check_roles(user.org_unit, role_codes)
    user.is_staff = user.is_superuser = any(r.code == R.SYSADMIN for r in role_objs)
    user.full_clean(exclude=["password"])
    user.save()
    user.roles.set(role_objs)
    after = snapshot(user, USER_FIELDS) | {"roles": sorted(r.code for r in role_objs)}
    if before != after:
        audit_record(actor=actor, action="orgs.user.update", obj=user, before=before, after=after, reason=reason)
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor, validate: bool = True) -> None:
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="orgs.user.set_password", obj=user, after={"password": "diubah"})


@transaction.atomic
def user_unlock(*, user: User, actor, reason: str = "") -> None:
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    audit_record(actor=actor, action="orgs.user.unlock", obj=user, reason=reason,
                 before={"locked_until": user.locked_until}, after={"locked_until": None})


@transaction.atomic
def user_login_failed(*, username: str, max_failures: int, lockout_minutes: int) -> User | None:
    """Count a failed login; lock the account once ``max_failures`` consecutive failures are reached."""
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        audit_record(actor=None, action="auth.login_failed", object_type="orgs.user", object_repr=username[:150])
        return None
    user.failed_login_count += 1
    fields = ["failed_login_count"]
    if user.failed_login_count >= max_failures:
        user.locked_until = clock.now() + dt.timedelta(minutes=lockout_minutes)
        fields.append("locked_until")
    user.save(update_fields=fields)
    audit_record(actor=None, action="auth.lockout" if "locked_until" in fields else "auth.login_failed",
                 obj=user, after={"failed_login_count": user.failed_login_count, "locked_until": user.locked_until})
    return user


def user_login_succeeded(*, user: User) -> None:
    with transaction.atomic():
        if user.failed_login_count or user.locked_until:
            User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        audit_record(actor=user, action="auth.login", obj=user)


def roles_sync(**kwargs) -> None:
    """Mirror ``ROLES`` into the Role table (post_migrate; idempotent)."""
    for code, definition in ROLES.items():
        Role.objects.update_or_create(
            code=code, defaults={"name": str(definition.label), "agency": definition.agency.value}
        )

