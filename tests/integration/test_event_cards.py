"""The programme's event cards are kept as rendered (booking/public/cards.py), by all they show: a card is
rendered again when, and only when, something on it changes."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import template_rendered

from booking.extensions import db
from booking.models import EventKindRecord

CARD = "public/_event_card.html"


@pytest.fixture
def cards_rendered(app):
    """How many cards each request rendered (not taken from those kept)."""
    rendered = []

    def count(sender, template, context, **extra):
        if template.name == CARD:
            rendered.append(context["card"].event_id)

    template_rendered.connect(count, app)
    yield rendered
    template_rendered.disconnect(count, app)


def page(client, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_unchanged_card_is_not_rendered_again_and_reads_the_same(client, make, cards_rendered):
    for n in range(3):
        make.session(event=make.event(title=f"Rencontre {n}"), starts_in=timedelta(days=n + 1))

    first = page(client)
    assert len(cards_rendered) == 3
    cards_rendered.clear()
    second = page(client)

    assert cards_rendered == []
    assert second.count('class="card mb-3"') == 3
    assert [line for line in first.splitlines() if "csrf_token" not in line] == \
           [line for line in second.splitlines() if "csrf_token" not in line]


def test_a_card_shows_each_change_to_what_it_shows(client, make, cards_rendered):
    venue = make.venue(name="Commune Image")
    event = make.event(title="Atelier d'écriture", summary="Écrire à plusieurs.", venue=venue, kind="workshop")
    session = make.session(event=event, capacity=3, wheelchair_spaces=2, starts_in=timedelta(days=3))
    other = make.event(title="Visite du quartier")
    make.session(event=other, starts_in=timedelta(days=9))
    assert "3 seats left" in page(client)

    def shown_after(change) -> str:
        change()
        db.session.commit()
        cards_rendered.clear()
        text = page(client)
        assert cards_rendered == [event.id], "only the changed card is rendered again"
        return text

    assert "Atelier d&#39;écriture collectif" in shown_after(lambda: setattr(event, "title", "Atelier d'écriture collectif"))
    assert "Écrire à quatre mains." in shown_after(lambda: setattr(event, "summary", "Écrire à quatre mains."))
    assert "Le Hangar, Saint-Ouen" in shown_after(lambda: setattr(venue, "name", "Le Hangar"))
    workshop = db.session.scalar(sa.select(EventKindRecord).where(EventKindRecord.code == "workshop"))
    assert "Writing workshop" in shown_after(lambda: setattr(workshop, "name_en", "Writing workshop"))
    assert 'alt="Des mains qui écrivent"' in shown_after(lambda: _set_picture(event))
    moved = session.starts_at - timedelta(hours=1)
    assert f'datetime="{moved.isoformat()}"' in shown_after(lambda: setattr(session, "starts_at", moved))

    cards_rendered.clear()
    make.registration(session, seats=2, wheelchair_spaces=1)
    booked = page(client)
    assert cards_rendered == [event.id]
    assert "2 seats left" in booked and "1 wheelchair space left" in booked  # a wheelchair space, not a seat


def test_a_card_counts_the_parties_waiting_as_they_join(client, make):
    session = make.session(capacity=1)
    make.registration(session)
    assert "Full, waiting list open" in page(client)

    make.registration(session)
    assert "1 party waiting" in page(client)
    make.registration(session, seats=2)
    assert "2 parties waiting" in page(client)


def test_a_card_is_kept_in_each_language(client, make, cards_rendered):
    make.session(event=make.event(title="Conférence", title_en="Lecture"))

    assert "Lecture" in page(client, "/?lang=en")
    assert "Conférence" in page(client, "/?lang=fr")
    cards_rendered.clear()
    assert "Lecture" in page(client, "/?lang=en") and "Conférence" in page(client, "/?lang=fr")
    assert cards_rendered == []


def _set_picture(event) -> None:
    event.image_key, event.image_width, event.image_height = "0123456789abcdef", 1200, 800
    event.image_alt = "Des mains qui écrivent"
