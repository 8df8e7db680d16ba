"""The walks' shared fixture: a real object behind every argument a URL can take."""

import pytest
import sqlalchemy as sa

from booking import links as site_links
from booking import settings
from booking.calendar import feeds
from booking.extensions import db
from booking.models import OutboxMessage
from booking.services import account_links, api_tokens, bookings
from booking.services import questions as question_rules


@pytest.fixture
def objects(app, make):
    team = make.team()
    venue = make.venue()
    event = make.event(team=team, venue=venue)
    session = make.session(event=event, capacity=5)
    registration = make.registration(session, email="camille@example.org")
    make.registration(make.session(event=event, capacity=0), email="waiting@example.org")
    question = question_rules.add_question(event, question_rules.QuestionFields(label="Q", kind="short_text"))
    organiser = make.user("orga@example.org", role="organiser", teams=[team])
    feed = feeds.get_or_create_feed("camille@example.org")
    api_token, _secret = api_tokens.create_token(organiser, "walks")
    allocation = bookings.allocate(session.id, bookings.AllocationRequest(
        partner="Foyer", contact_email="foyer@example.org", seats=2, release_at=session.starts_at))
    partner_booking = bookings.book_for_partner(allocation.invite_token, bookings.BookingRequest(name="Moussa", email=""),
                                                key=settings.pseudonym_key())
    account_links.send_password_link(organiser, "fr", link=site_links.password_link, secret_key=settings.signing_key())
    account_links.send_verification(organiser, "fr", link=site_links.verification_link, secret_key=settings.signing_key())
    db.session.commit()
    messages = db.session.scalars(sa.select(OutboxMessage)).all()
    links = {m.kind: m.payload for m in messages}
    return {
        "event_id": event.id, "session_id": session.id, "registration_id": registration.id,
        "question_id": question.id, "team_id": team.id, "venue_id": venue.id, "kind_id": 1, "user_id": organiser.id,
        "message_id": messages[0].id, "token_id": api_token.id,
        "token": registration.manage_token, "code": "en", "slug": event.slug, "key": "upcoming",
        "filename": "css/guichet.css", "name": "0123456789abcdef0123-480.webp",
        # "endpoint:argument" for the routes that need their own value
        "account.reset_password:token": links["password_reset"]["reset_url"].rsplit("/", 1)[1],
        "account.verify_email:token": links["verify_email"]["verify_url"].rsplit("/", 1)[1],
        "account.confirm_email:token": links["verify_email"]["verify_url"].rsplit("/", 1)[1],
        "calendar.personal_feed:token": feed.token,
        "allocation_id": allocation.id,
        "partners.invite:token": allocation.invite_token,
        "invite_token": allocation.invite_token,
        "partners.change_booking:token": allocation.invite_token,
        "partners.change_booking:registration_id": partner_booking.id,
        "partners.cancel_booking:token": allocation.invite_token,
        "partners.cancel_booking:registration_id": partner_booking.id,
        "dashboards.event_csv:key": "sessions",
        "dashboards.reach_csv:key": "groups",
        "public.easy_book:step": "name",
    }


