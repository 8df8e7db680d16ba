"""The event list with an organiser's token: their own teams' events whatever their status, as the event's
own read already does; the public (no token) and other teams still see published events only."""

from datetime import timedelta

from booking.extensions import db
from booking.services import api_tokens


def titles(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [event["title"] for event in response.get_json()["events"]]


def programme(make, organiser, other_organiser):
    venue = make.venue()
    own = organiser.team
    published = make.event(team=own, venue=venue, title="Publié")
    make.session(event=published, starts_in=timedelta(days=3))
    draft = make.event(team=own, venue=venue, title="Brouillon", status="draft")
    make.session(event=draft, starts_in=timedelta(days=5))
    cancelled = make.event(team=own, venue=venue, title="Annulé", status="cancelled")
    make.session(event=cancelled, starts_in=timedelta(days=4), status="cancelled")
    make.event(team=own, venue=venue, title="Sans date", status="draft", kind="workshop")
    past_draft = make.event(team=own, venue=venue, title="Brouillon passé", status="draft")
    make.session(event=past_draft, starts_in=timedelta(days=-3))
    others = make.event(team=other_organiser.team, venue=venue, title="Autre équipe publié")
    make.session(event=others, starts_in=timedelta(days=6))
    make.session(event=make.event(team=other_organiser.team, venue=venue, title="Autre brouillon", status="draft"))


def test_an_organiser_lists_their_drafts_and_cancelled_events_the_public_does_not(client, make, organiser,
                                                                                   other_organiser):
    programme(make, organiser, other_organiser)
    assert titles(client.get("/api/v1/events")) == ["Publié", "Autre équipe publié"]
    own = client.get("/api/v1/events", headers=organiser.headers)
    # soonest session first, then the events with no session yet; a draft whose dates are all past is not listed
    assert titles(own) == ["Publié", "Annulé", "Brouillon", "Autre équipe publié", "Sans date"]
    by_title = {event["title"]: event for event in own.get_json()["events"]}
    assert by_title["Brouillon"]["status"] == "draft" and by_title["Annulé"]["status"] == "cancelled"
    assert [s["status"] for s in by_title["Annulé"]["sessions"]] == ["cancelled"]
    assert by_title["Sans date"]["sessions"] == []
    assert own.get_json()["total"] == 5
    # another team's organiser sees their own draft, never these
    assert titles(client.get("/api/v1/events", headers=other_organiser.headers)) == [
        "Publié", "Autre équipe publié", "Autre brouillon"]


def test_the_filters_apply_to_the_organisers_own_events(client, make, organiser, other_organiser):
    programme(make, organiser, other_organiser)
    assert titles(client.get("/api/v1/events?kind=workshop", headers=organiser.headers)) == ["Sans date"]
    assert titles(client.get("/api/v1/events?q=brouillon", headers=organiser.headers)) == ["Brouillon"]
    # dates or free seats asked for: only events with such a session, so none without a date
    dated = client.get("/api/v1/events?from=2000-01-01&available=1", headers=organiser.headers)
    assert titles(dated) == ["Publié", "Annulé", "Brouillon", "Autre équipe publié"]
    assert titles(client.get("/api/v1/events?available=1")) == ["Publié", "Autre équipe publié"]
    paged = client.get("/api/v1/events?per_page=2&page=3", headers=organiser.headers).get_json()
    assert [event["title"] for event in paged["events"]] == ["Sans date"] and paged["next"] is None


def test_a_bad_or_revoked_token_answers_401_rather_than_the_public_list(client, make, organiser, other_organiser):
    programme(make, organiser, other_organiser)
    assert client.get("/api/v1/events", headers={"Authorization": "Bearer nope"}).status_code == 401
    api_tokens.revoke_token(organiser.user, api_tokens.list_tokens(organiser.user)[0].id)
    db.session.commit()
    response = client.get("/api/v1/events", headers=organiser.headers)
    assert response.status_code == 401 and response.get_json()["error"]["code"]


def test_a_token_of_someone_no_longer_organiser_is_refused_and_the_document_says_it_is_optional(client, organiser):
    organiser.user.role = "citizen"  # the token was made while they organised
    db.session.commit()
    assert client.get("/api/v1/events", headers=organiser.headers).status_code == 403
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/events"]["get"]
    assert operation["security"] == [{}, {"bearerAuth": []}]
    assert {"200", "401", "403", "422"} <= set(operation["responses"])
    assert "drafts" in operation["description"]
