"""Organisers' messages to the people of a session: who they reach, sending them, their history.

The groups are disjoint, so a person gets one copy and each copy can say where that person
stands: booked (not arrived yet), arrived (checked in), or waiting with no seat yet. Callers pass
a session already scoped to the organiser (``access.session_for``).
"""

import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from booking.extensions import db
from booking.mail.outbox import MessageKind, enqueue_for_registration
from booking.models import Registration, RegistrationStatus, Session, SessionMessage, User
from booking.services.errors import ValidationFailed

SUBJECT_MAX = 150
BODY_MAX = 5000


class Audience(enum.StrEnum):
    BOOKED = "booked"  # a confirmed seat, not checked in (yet)
    CHECKED_IN = "checked_in"
    WAITING = "waiting"


AUDIENCES = tuple(Audience)  # the order every list of groups is written in
# Before the day, "everyone who holds a seat": people waiting are left out unless chosen, as a
# message about the visit read by someone with no seat misleads them.
DEFAULT_AUDIENCES = (Audience.BOOKED, Audience.CHECKED_IN)


def _in(audience: Audience):
    confirmed = Registration.status == RegistrationStatus.CONFIRMED
    return {
        Audience.BOOKED: sa.and_(confirmed, Registration.checked_in_at.is_(None)),
        Audience.CHECKED_IN: sa.and_(confirmed, Registration.checked_in_at.is_not(None)),
        # Seats offered but not yet accepted: still waiting, as far as a message about the visit goes.
        Audience.WAITING: Registration.status.in_((RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED)),
    }[audience]


def audience_of(registration: Registration) -> Audience | None:
    """The group a registration is in (None once cancelled)."""
    if registration.status in (RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED):
        return Audience.WAITING
    if registration.status == RegistrationStatus.CONFIRMED:
        return Audience.CHECKED_IN if registration.checked_in_at is not None else Audience.BOOKED
    return None


def audience_counts(session: Session) -> dict[Audience, int]:
    """How many people (registrations) each group of this session holds."""
    return {audience: db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration)
        .where(Registration.session_id == session.id, _in(audience))) for audience in AUDIENCES}


def check_message(subject: str, body: str, audiences) -> tuple[str, str, tuple[Audience, ...]]:
    """The message as it will be sent, or ValidationFailed naming each field that cannot be."""
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if not subject or len(subject) > SUBJECT_MAX or any(c in subject for c in "\r\n"):
        errors["subject"] = ngettext("Please give a subject of one line, at most %(num)d character.",
                                     "Please give a subject of one line, at most %(num)d characters.", SUBJECT_MAX)
    if not body or len(body) > BODY_MAX:
        errors["body"] = ngettext("Please write a message of at most %(num)d character.",
                                  "Please write a message of at most %(num)d characters.", BODY_MAX)
    chosen = tuple(a for a in AUDIENCES if a in set(audiences or ()))
    if not chosen or len(chosen) != len(set(audiences)):
        errors["audiences"] = str(_l("Please choose who receives the message."))
    if errors:
        raise ValidationFailed(errors)
    return subject, body, chosen


def send_message(session: Session, subject: str, body: str, audiences=DEFAULT_AUDIENCES, *,
                 sent_by: User | None = None) -> SessionMessage:
    """Queue one email per person in the chosen groups, each saying that person's status, and keep it in the history.

    Replies go to the team's contact address when it has one.
    """
    subject, body, chosen = check_message(subject, body, audiences)
    recipients = db.session.scalars(
        sa.select(Registration)
        .where(Registration.session_id == session.id, sa.or_(*(_in(a) for a in chosen)))
        .order_by(Registration.id)
    ).all()
    if not recipients:
        raise ValidationFailed({"audiences": str(_l("Nobody is in the groups chosen: the message would reach no one."))})
    reply_to = session.event.team.contact_email
    for registration in recipients:
        enqueue_for_registration(MessageKind.ORGANISER_MESSAGE, registration, subject=subject, body=body,
                                 audience=str(audience_of(registration)), reply_to=reply_to)
    sent = SessionMessage(session_id=session.id, sent_by=sent_by, subject=subject, body=body,
                          audiences=",".join(chosen), recipient_count=len(recipients))
    db.session.add(sent)
    db.session.flush()
    return sent


def history(session: Session) -> list[SessionMessage]:
    """The messages sent to this session's people, latest first."""
    return db.session.scalars(
        sa.select(SessionMessage).where(SessionMessage.session_id == session.id)
        .order_by(SessionMessage.created_at.desc(), SessionMessage.id.desc())
    ).all()
