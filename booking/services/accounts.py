"""Accounts and teams: creating people, checking passwords, roles and team membership.

Signed links (email verification, password reset) live in ``account_links``.
"""

from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from booking.extensions import db
from booking.models import (
    Event,
    MemberRole,
    Registration,
    Role,
    Session,
    Team,
    User,
    delivery_email,
    normalise_email,
    team_members,
    utcnow,
)
from booking.services.email_address import is_valid_email
from booking.services.errors import AccountError, AccountExists, LastAdmin, NotFound
from booking.services.slugs import unique_slug
from booking.sqlfunctions import contains, unicode_lower

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 200  # scrypt on megabytes of input would be a cheap way to burn our CPU
NAME_MAX_LENGTH = 120
TEAM_SLUG_MAX = 100

# The passwords people reach for first when told "at least 12 characters".
COMMON_PASSWORDS = frozenset({
    "123456789012", "1234567890123", "12345678901234", "123456789123", "000000000000", "111111111111",
    "password1234", "password12345", "passwordpassword", "motdepasse123", "motdepasse1234",
    "motdepassemotdepasse", "azertyuiop12", "azertyuiop123", "azertyuiopqsd", "qwertyuiop12",
    "qwertyuiop123", "qwerty123456", "azerty123456", "iloveyou1234", "jetaime123456", "bonjour123456",
    "soleil123456", "administrator", "admin1234567", "letmein12345", "welcome12345", "bienvenue123",
    "guichet12345", "guichet123456", "abcdefghijkl", "abc123456789", "aaaaaaaaaaaa",
})


# -- Passwords and signing in --------------------------------------------------------


def check_password_policy(password: str) -> None:
    """Refuse passwords that are too short, absurdly long, or among the most common ones."""
    if len(password or "") < PASSWORD_MIN_LENGTH:
        raise AccountError(lazy_ngettext("The password must have at least %(num)d character.",
                                         "The password must have at least %(num)d characters.", PASSWORD_MIN_LENGTH),
                           field="password")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise AccountError(lazy_ngettext("The password must have at most %(num)d character.",
                                         "The password must have at most %(num)d characters.", PASSWORD_MAX_LENGTH),
                           field="password")
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        raise AccountError(_l("This password is too easy to guess. Please choose another one."), field="password")


def hash_password(password: str) -> str:
    """Check the policy and hash: slow on purpose, so call it before taking any lock."""
    check_password_policy(password)
    scratch = User()  # never added to the session: User.set_password stays the one home of the scheme
    scratch.set_password(password)
    return scratch.password_hash


def authenticate(email: str, password: str) -> User | None:
    """The active account with this email and password, or None (the same None for every failure)."""
    user = find_user(email)
    if user is None or not user.password_hash:
        # Spend the same time as a real check, so timing does not tell which addresses have accounts.
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not a real password, only for timing", method="scrypt")


def find_user(email: str) -> User | None:
    key = normalise_email(email or "")
    if not key:
        return None
    return db.session.scalar(sa.select(User).where(User.email_key == key))


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id) or _not_found()


# -- Creating accounts ----------------------------------------------------------------


def create_account(
    *, email: str, name: str, role: str = Role.CITIZEN, team_names=(), teams=(), password: str | None = None
) -> User:
    """Create a user; organisers and admins join the given teams (named ones are created when new)."""
    email = delivery_email(email).lower()
    if not is_valid_email(email):
        raise AccountError(_l("Please give a valid email address."), field="email")
    _check_name(name)
    if role not in Role.__members__.values():
        raise AccountError(_l("Unknown role."), field="role")
    if (teams or team_names) and role == Role.CITIZEN:
        raise AccountError(_l("Only organisers and admins belong to teams."), field="teams")
    # Hash before the first query: on SQLite a POST's first query takes the write lock.
    hashed = hash_password(password) if password is not None else None
    if db.session.scalar(sa.select(User.id).where(User.email_key == normalise_email(email))):
        raise AccountExists(field="email")
    user = User(email=email, name=name.strip(), role=Role(role), password_hash=hashed)
    user.teams = list(dict.fromkeys([*teams, *(get_or_create_team(team_name) for team_name in team_names)]))
    db.session.add(user)
    db.session.flush()
    return user


def _check_name(name: str) -> None:
    if not name or not name.strip():
        raise AccountError(_l("Please give a name."), field="name")
    if len(name.strip()) > NAME_MAX_LENGTH:
        raise AccountError(lazy_ngettext("At most %(num)d character.", "At most %(num)d characters.", NAME_MAX_LENGTH),
                           field="name")


# -- Roles and access (admin) ----------------------------------------------------------


def list_accounts(*, q: str | None = None, role: str | None = None, page: int = 1, per_page: int = 50):
    query = sa.select(User).order_by(User.name, User.id)
    if q:
        words = q.strip().lower()
        query = query.where(sa.or_(contains(unicode_lower(User.name), words), contains(User.email, words)))
    if role in Role.__members__.values():
        query = query.where(User.role == role)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def ensure_admins_remain(user: User, *, losing: bool) -> None:
    """Refuse to take the last active admin away (demoted, deactivated or erased): nobody could administer."""
    if not losing or not (user.is_admin and user.active):
        return
    others = db.session.scalar(
        sa.select(sa.func.count()).select_from(User)
        .where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise LastAdmin()


def change_role(user: User, role: str, *, by: User) -> User:
    """Give ``user`` another role; a citizen belongs to no team. No one demotes themself."""
    if role not in Role.__members__.values():
        raise AccountError(_l("Unknown role."), field="role")
    if user.id == by.id and role != user.role:
        raise AccountError(_l("You cannot change your own role."), field="role")
    ensure_admins_remain(user, losing=role != Role.ADMIN)
    user.role = Role(role)
    if user.role == Role.CITIZEN:
        user.teams = []
    db.session.flush()
    return user


def set_active(user: User, active: bool, *, by: User) -> User:
    """Deactivate (or reactivate) an account: a deactivated one can no longer sign in."""
    if user.id == by.id and not active:
        raise AccountError(_l("You cannot deactivate your own account."))
    ensure_admins_remain(user, losing=not active)
    user.active = active
    db.session.flush()
    return user


# -- Teams ------------------------------------------------------------------------------


def list_teams() -> list[Team]:
    return list(db.session.scalars(sa.select(Team).options(joinedload(Team.members)).order_by(Team.name)).unique())


def get_team(team_id: int) -> Team:
    return db.session.get(Team, team_id) or _not_found()


def get_or_create_team(name: str) -> Team:
    team = db.session.scalar(sa.select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name, slug=unique_slug(Team.slug, name, TEAM_SLUG_MAX))
        db.session.add(team)
    return team


def create_team(name: str) -> Team:
    name = _check_team_name(name)
    team = Team(name=name, slug=unique_slug(Team.slug, name, TEAM_SLUG_MAX))
    db.session.add(team)
    db.session.flush()
    return team


def rename_team(team: Team, name: str) -> Team:
    """A new display name; the slug stays, as API clients and links may name the team by it."""
    team.name = _check_team_name(name, team_id=team.id)
    db.session.flush()
    return team


def set_team_contact(team: Team, email: str | None) -> Team:
    """The address replies to the team's messages go to (their Reply-To); empty removes it."""
    email = delivery_email(email or "")
    if email and not is_valid_email(email):
        raise AccountError(_l("Please give a valid email address."), field="contact_email")
    team.contact_email = email or None
    db.session.flush()
    return team


def add_member(team: Team, user: User, role: MemberRole = MemberRole.ORGANISER) -> None:
    """Make ``user`` a member of ``team``: an organiser of it, or a volunteer at its door.

    Anyone with an account may keep a door (volunteers need no organiser role); only
    organisers and admins organise a team. A member's role in the team is replaced.
    """
    if role == MemberRole.ORGANISER and not user.is_organiser:
        raise AccountError(_l("Only organisers and admins belong to teams."), field="email")
    db.session.execute(sa.delete(team_members).where(team_members.c.team_id == team.id,
                                                     team_members.c.user_id == user.id))
    db.session.execute(sa.insert(team_members).values(team_id=team.id, user_id=user.id, role=role))
    db.session.expire(team, ["members"])
    db.session.expire(user, ["teams"])
    db.session.flush()


def remove_member(team: Team, user: User) -> None:
    if user in team.members:
        team.members.remove(user)
    db.session.flush()


def set_teams(user: User, team_ids) -> None:
    teams = list(db.session.scalars(sa.select(Team).where(Team.id.in_(list(team_ids)))))
    if teams and not user.is_organiser:
        raise AccountError(_l("Only organisers and admins belong to teams."), field="teams")
    user.teams = teams
    db.session.flush()


def _check_team_name(name: str, team_id: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise AccountError(_l("Please give a name."), field="name")
    if len(name) > 120:
        raise AccountError(lazy_ngettext("At most %(num)d character.", "At most %(num)d characters.", 120), field="name")
    clash = sa.select(Team.id).where(unicode_lower(Team.name) == name.lower())
    if team_id is not None:
        clash = clash.where(Team.id != team_id)
    if db.session.scalar(clash):
        raise AccountError(_l("A team with this name already exists."), field="name")
    return name


# -- A person's own bookings -----------------------------------------------------------


def bookings_of(user: User, now: datetime | None = None) -> tuple[list[Registration], list[Registration]]:
    """(upcoming, past) registrations of ``user``: made while signed in, or with their verified email."""
    mine = Registration.user_id == user.id
    if user.email_verified_at is not None:
        mine = sa.or_(mine, Registration.email_key == user.email_key)
    return _upcoming_and_past(mine, now)


def bookings_of_email(email_key: str, now: datetime | None = None) -> tuple[list[Registration], list[Registration]]:
    """(upcoming, past) registrations made with an address (for whoever proved they read it)."""
    return _upcoming_and_past(Registration.email_key == email_key, now)


def _upcoming_and_past(condition, now: datetime | None) -> tuple[list[Registration], list[Registration]]:
    now = now or utcnow()
    query = (
        sa.select(Registration)
        .join(Session, Registration.session_id == Session.id)
        .where(condition)
        .options(joinedload(Registration.session).joinedload(Session.event).joinedload(Event.venue))
        .order_by(Session.starts_at, Registration.id)
    )
    registrations = list(db.session.scalars(query))
    upcoming = [r for r in registrations if r.session.is_upcoming(now)]
    past = [r for r in reversed(registrations) if not r.session.is_upcoming(now)]
    return upcoming, past


def attach_bookings(user: User) -> int:
    """Give ``user`` the bookings made with their (verified) email before they had an account."""
    result = db.session.execute(
        sa.update(Registration)
        .where(Registration.email_key == user.email_key, Registration.user_id.is_(None))
        .values(user_id=user.id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _not_found():
    raise NotFound()
