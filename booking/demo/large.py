"""The large demo: a year of history and two months ahead, for dashboard benchmarks.

Why bulk inserts are fine here, though only the booking service may decide
seats: 200,000 bookings through the service take far too long, and nothing
here races anyone. The whole history of each session is simulated in Python
with the service's own pure rules (``seats.place`` and
``seats.pick_promotions``): arrivals in order, attendee cancellations, then
promotions of the waiting list; every counter (``seats_taken``,
``seat_ceiling``) is computed from the very rows written, so the data is
consistent by construction, and the database CHECKs still guard it.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from booking import settings
from booking.demo import content
from booking.demo.base import Base, local_moment
from booking.demo.history import Party, simulate
from booking.extensions import db
from booking.models import Event, EventStatus, Registration, Session, SessionStatus, new_secret_token
from booking.services.pseudonyms import PseudonymKey, person_ref
from booking.services.slugs import slugify


@dataclass(frozen=True)
class LargeSizes:
    events: int = 2_000
    sessions: int = 10_000
    registrations: int = 200_000
    people: int = 60_000  # distinct attendees, so regulars come back
    past_days: int = 365
    future_days: int = 61
    batch: int = 5_000  # rows per INSERT round trip


KINDS = {  # kind: (weight, title patterns, capacity range, duration)
    "talk": (12, ("#UpConf — {}",), (60, 150), timedelta(hours=2)),
    "debate": (8, ("#UpConf — Débat : {}",), (50, 120), timedelta(hours=2)),
    "guided_tour": (20, ("Visite guidée : {}", "Parcours commenté : {}"), (15, 30), timedelta(hours=1, minutes=30)),
    "workshop": (30, ("Atelier : {}", "Atelier d'artiste : {}", "Atelier en famille : {}"), (8, 20), timedelta(hours=2)),
    "screening": (15, ("Projection : {}", "Ciné-débat : {}"), (30, 80), timedelta(hours=2)),
    "show": (8, ("Parcours spectacle : {}",), (40, 120), timedelta(hours=2)),
    "other": (7, ("Rencontre intergénérationnelle : {}",), (12, 30), timedelta(hours=2)),
}
SUBJECTS = ("la céramique", "la linogravure", "la réalité virtuelle", "le son de la ville", "la photo argentique",
            "la reliure", "le tissage", "le code créatif", "le design du quotidien", "l'architecture",
            "le cinéma d'animation", "la danse", "les jeux d'hier", "l'intelligence artificielle", "l'écologie",
            "la ville de demain", "les métiers d'art", "la bande dessinée", "le documentaire", "la mémoire ouvrière")
CLOCKS = (time(10, 0), time(14, 0), time(14, 30), time(16, 0), time(18, 30), time(19, 0))


def seed_large(base: Base, rng: random.Random, now: datetime, sizes: LargeSizes) -> None:
    venues, teams = list(base.venues.values()), list(base.teams.values())
    event_rows = [_event_row(i, rng, now, venues, teams) for i in range(sizes.events)]
    event_ids = _insert_returning_ids(Event, event_rows)
    plans = _session_plans(event_rows, event_ids, rng, now, sizes)
    histories = _histories(plans, rng, now, sizes)
    session_rows = [plan | history.counters() for plan, history in zip(plans, histories, strict=True)]
    session_ids = _insert_returning_ids(Session, session_rows)
    people = [(f"{content.FIRST_NAMES[i % 30]} {content.LAST_NAMES[i // 30 % 30]}",
               f"{slugify(content.FIRST_NAMES[i % 30])}.{slugify(content.LAST_NAMES[i // 30 % 30])}.{i}@example.org")
              for i in range(sizes.people)]
    key = settings.pseudonym_key()
    batch = []
    for session_id, plan, history in zip(session_ids, plans, histories, strict=True):
        batch.extend(_registration_row(session_id, plan, party, people, base, key) for party in history.parties)
        if len(batch) >= sizes.batch:
            _insert(Registration, batch)
            batch = []
    if batch:
        _insert(Registration, batch)


def _insert(model, rows: list[dict]) -> None:
    # The table's Core INSERT: one executemany per batch, without the ORM's per-row bookkeeping.
    db.session.execute(sa.insert(model.__table__), rows)


def _insert_returning_ids(model, rows: list[dict]) -> list[int]:
    # render_nulls: None is written as NULL instead of leaving the column out, so rows do not get
    # split into many small INSERTs wherever their pattern of None values changes.
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True).execution_options(render_nulls=True)
    return list(db.session.scalars(statement, rows))


def _event_row(i: int, rng: random.Random, now: datetime, venues, teams) -> dict:
    kind = rng.choices(list(KINDS), weights=[k[0] for k in KINDS.values()])[0]
    title = rng.choice(KINDS[kind][1]).format(rng.choice(SUBJECTS))
    team = teams[0] if kind in ("talk", "debate") else rng.choice(teams)
    status = rng.choices([EventStatus.PUBLISHED, EventStatus.DRAFT, EventStatus.CANCELLED], weights=[96, 3, 1])[0]
    created = now - timedelta(days=rng.randint(0, 400))
    return {
        "slug": f"{slugify(title)[:170]}-n{i + 1}-{rng.randrange(16 ** 6):06x}",
        "title": title,
        "kind": kind,
        "description": f"**{title}**, proposé par *{team.name}*.\n\n- Gratuit sur réservation\n- Accessible à tous",
        "audience_notes": "",
        "status": status,
        "team_id": team.id,
        "venue_id": rng.choice(venues).id,
        "created_at": created,
        "updated_at": created,
    }


def _session_plans(event_rows, event_ids, rng: random.Random, now: datetime, sizes: LargeSizes) -> list[dict]:
    """Session rows without counters, each event getting at least one, spread over the whole period."""
    per_event = [1] * len(event_rows)
    for index in rng.choices(range(len(event_rows)), k=max(0, sizes.sessions - len(event_rows))):
        per_event[index] += 1
    plans = []
    for row, event_id, count in zip(event_rows, event_ids, per_event, strict=True):
        _weight, _titles, capacities, duration = KINDS[row["kind"]]
        first_day = rng.randint(-sizes.past_days, sizes.future_days)
        for n in range(count):
            day = min(first_day + n * rng.choice((1, 2, 7, 14)), sizes.future_days)
            starts_at = local_moment(now, day, rng.choice(CLOCKS), "Europe/Paris")
            roll = rng.random()  # drawn every time, so one session's dates never shift the others' dice
            opens_later = starts_at > now + timedelta(days=14) and roll < 0.15
            plans.append({
                "event_id": event_id,
                "starts_at": starts_at,
                "ends_at": starts_at + duration,
                "capacity": rng.randint(*capacities),
                "waitlist_enabled": rng.random() < 0.9,
                "registration_opens_at": starts_at - timedelta(days=10) if opens_later else None,
                "registration_closes_at": None,
                "max_seats_per_registration": 2 if row["kind"] == "workshop" else 4,
                "status": (SessionStatus.CANCELLED if row["status"] == EventStatus.CANCELLED or rng.random() < 0.015
                           else SessionStatus.SCHEDULED),
                "sequence": 0,
                "created_at": min(row["created_at"], starts_at - timedelta(days=1)),
                "_bookable": row["status"] != EventStatus.DRAFT and not opens_later,
            })
    return plans


def _histories(plans: list[dict], rng: random.Random, now: datetime, sizes: LargeSizes):
    """Share the registrations out by popularity, then live each session's history."""
    weights = [rng.lognormvariate(0, 0.7) * plan["capacity"] if plan["_bookable"] else 0.0 for plan in plans]
    total = sum(weights) or 1.0
    wanted = [int(sizes.registrations * w / total) for w in weights]
    bookable = [i for i, plan in enumerate(plans) if plan["_bookable"]]
    for index in rng.choices(bookable, k=sizes.registrations - sum(wanted)) if bookable else ():
        wanted[index] += 1
    histories, shortfall = [], 0
    for plan, count in zip(plans, wanted, strict=True):
        # A full session without a waiting list refuses people; others take their share.
        extra = shortfall if plan["waitlist_enabled"] and plan["_bookable"] else 0
        history = simulate(plan, count + extra, rng, now, sizes.people)
        shortfall = shortfall - extra + (count + extra - len(history.parties))
        histories.append(history)
    for plan, history in zip(reversed(plans), reversed(histories), strict=True):
        if shortfall <= 0:
            break
        if plan["waitlist_enabled"] and plan["_bookable"] and plan["status"] == SessionStatus.SCHEDULED:
            shortfall -= history.queue_more(shortfall, rng, sizes.people)
    for plan in plans:
        del plan["_bookable"]
    return histories


def _registration_row(session_id: int, plan: dict, party: Party, people, base: Base, key: PseudonymKey) -> dict:
    name, email = people[party.person]
    if party.partner:
        name, email = f"Référent·e {party.partner}", f"groupe.{slugify(party.partner)}.{party.person}@example.org"
    return {
        "session_id": session_id,
        "user_id": None,
        "name": name,
        "email": email,
        "person_ref": person_ref(email, key),
        "seats": party.seats,
        "status": party.status,
        "manage_token": new_secret_token(),
        "locale": "fr" if party.person % 10 else "en",
        "answers": {},
        "accessibility_needs": party.needs,
        "consent_at": party.created_at,
        "partner_structure": party.partner,
        "phone": "01 23 45 67 89" if party.partner else None,
        "booked_by_id": base.organiser.id if party.partner else None,
        "sequence": 1 if party.cancelled_at else 0,
        "created_at": party.created_at,
        "confirmed_at": party.confirmed_at,
        "promoted_at": party.promoted_at,
        "cancelled_at": party.cancelled_at,
        "cancelled_by": party.cancelled_by,
        "checked_in_at": party.checked_in_at,
        "seats_checked_in": party.seats if party.checked_in_at else 0,
        "reminder_sent_at": None,
    }
