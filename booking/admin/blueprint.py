"""The admin blueprint: who may enter (admins only, checked once for every page)."""

from flask import Blueprint

from booking.admin.forms import member_role_label, role_label
from booking.auth import admin_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@admin_required
def only_admins():
    """Anonymous visitors are sent to sign in; signed-in people without the role get a 403."""
    return None


@bp.app_template_global("role_label")
def _role_label(role: str) -> str:
    return role_label(role)


@bp.app_template_global("member_role_label")
def _member_role_label(role: str) -> str:
    return member_role_label(role)
