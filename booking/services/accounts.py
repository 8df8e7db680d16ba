"""Accounts and teams: creating people, checking passwords."""

import re
import unicodedata

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from booking.extensions import db
from booking.models import Role, Team, User
from booking.services.errors import DomainError

PASSWORD_MIN_LENGTH = 12


class AccountError(DomainError):
    code = "account"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_or_create_team(name: str) -> Team:
    team = db.session.scalar(sa.select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name, slug=slugify(name))
        db.session.add(team)
    return team


def create_account(
    *, email: str, name: str, role: str = Role.CITIZEN, team_names=(), password: str | None = None
) -> User:
    """Create a user; organisers and admins join the named teams (created when new)."""
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError(_l("Please give a valid email address."))
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise AccountError(_l("An account already exists for this email address."))
    if password is not None and len(password) < PASSWORD_MIN_LENGTH:
        raise AccountError(_l("The password must have at least %(min)d characters.", min=PASSWORD_MIN_LENGTH))
    user = User(email=email, name=name.strip(), role=Role(role))
    if password:
        user.set_password(password)
    user.teams = [get_or_create_team(team_name) for team_name in team_names]
    db.session.add(user)
    db.session.flush()
    return user


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"
