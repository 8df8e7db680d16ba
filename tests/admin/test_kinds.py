"""Admins manage the kinds of event: add, rename in both languages, choose a pictogram, reorder, deactivate."""

import sqlalchemy as sa
from flask import g

from booking.extensions import db
from booking.models import EventKindRecord
from tests.account.helpers import sign_in


def admin(client, make):
    make.user("admin@example.org", role="admin")
    sign_in(client, "admin@example.org")


def codes() -> list[str]:
    return list(db.session.scalars(sa.select(EventKindRecord.code).order_by(EventKindRecord.position)))


def test_an_admin_adds_a_kind_that_events_and_the_api_then_take(client, make):
    admin(client, make)
    response = client.post("/admin/kinds/new", data={"code": "concert", "name_fr": "Concert", "name_en": "Gig",
                                                     "icon": "music", "active": "y"}, follow_redirects=True)
    assert response.status_code == 200 and "Kind “Concert” created." in response.get_data(as_text=True)
    assert codes()[-1] == "concert"
    kinds = client.get("/api/v1/kinds?lang=en").get_json()["kinds"]
    assert kinds[-1] == {"code": "concert", "name": "Gig", "name_fr": "Concert", "name_en": "Gig", "icon": "music",
                         "active": True}
    event = make.event(kind="concert")
    make.session(event=event)
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "kind-music" in page and "Gig" in page


def test_bad_kinds_are_refused_with_a_message_on_the_field(client, make):
    admin(client, make)
    for data, field in ((({"code": "talk"}), "Another kind already has this code."),
                        (({"code": "Concert!"}), "Use small letters without accents"),
                        (({"code": "ok", "icon": "rocket"}), "Not a valid choice")):
        response = client.post("/admin/kinds/new", data={"name_fr": "X", "icon": "music", **data})
        assert response.status_code in (200, 422)
        assert field in response.get_data(as_text=True)
    assert "ok" not in codes()


def test_kinds_move_up_and_down(client, make):
    admin(client, make)
    debate = db.session.scalar(sa.select(EventKindRecord).where(EventKindRecord.code == "debate"))
    client.post(f"/admin/kinds/{debate.id}/move", data={"direction": "up"})
    assert codes()[:2] == ["debate", "talk"]
    client.post(f"/admin/kinds/{debate.id}/move", data={"direction": "down"})
    assert codes()[:2] == ["talk", "debate"]
    assert client.post(f"/admin/kinds/{debate.id}/move", data={"direction": "sideways"}).status_code == 400


def test_a_deactivated_kind_stays_on_its_events_but_is_not_offered_for_new_ones(client, make):
    admin(client, make)
    screening = db.session.scalar(sa.select(EventKindRecord).where(EventKindRecord.code == "screening"))
    event = make.event(kind="screening")
    client.post(f"/admin/kinds/{screening.id}", data={"name_fr": "Projection", "name_en": "Screening",
                                                      "icon": "film"})  # "active" unticked
    db.session.refresh(screening)
    assert screening.active is False
    g.pop("event_kinds", None)
    team = make.team()
    organiser = make.user("orga@example.org", role="organiser", teams=[team, event.team])
    client.get("/account/logout")
    sign_in(client, organiser.email)
    new_form = client.get("/organiser/events/new").get_data(as_text=True)
    assert 'value="screening"' not in new_form
    edit_form = client.get(f"/organiser/events/{event.id}/edit").get_data(as_text=True)
    assert '<option selected value="screening">' in edit_form
    refused = client.post("/organiser/events/new", data={"team_id": team.id, "title": "Ciné", "kind": "screening",
                                                         "venue_id": event.venue_id})
    assert "Not a valid choice" in refused.get_data(as_text=True)
