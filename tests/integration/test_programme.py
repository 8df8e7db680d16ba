"""The public programme at /: what it lists, its filters, its pages, its dates."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from booking.extensions import db
from booking.models import EventKindRecord, utcnow

PARIS = ZoneInfo("Europe/Paris")


def titles(response) -> list[str]:
    """Event titles in the order the programme lists them."""
    return re.findall(r'<h2 class="h4 card-title"[^>]*><a href="[^"]+">([^<]+)</a>', response.get_data(as_text=True))


def local_at(days: int, clock: time, tz: ZoneInfo = PARIS) -> datetime:
    day = utcnow().astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(day, clock, tzinfo=tz)


def test_programme_lists_upcoming_published_events_only(client, make):
    make.session(event=make.event(title="Visite publiée"))
    make.session(event=make.event(title="Atelier brouillon", status="draft"))
    make.session(event=make.event(title="Débat annulé", status="cancelled"))
    make.session(event=make.event(title="Conférence passée"), starts_in=timedelta(days=-3))
    make.session(event=make.event(title="Séance annulée"), status="cancelled")

    response = client.get("/")

    assert response.status_code == 200
    assert titles(response) == ["Visite publiée"]
    assert "1 event" in response.get_data(as_text=True)


def test_programme_lists_events_soonest_first(client, make):
    make.session(event=make.event(title="Dans trois semaines"), starts_in=timedelta(days=21))
    make.session(event=make.event(title="Demain"), starts_in=timedelta(days=1))
    make.session(event=make.event(title="La semaine prochaine"), starts_in=timedelta(days=7))

    assert titles(client.get("/")) == ["Demain", "La semaine prochaine", "Dans trois semaines"]


def test_programme_paginates_in_a_stable_order_without_gaps_or_repeats(client, make):
    same_moment = utcnow() + timedelta(days=5)
    expected = []
    for n in range(15):
        # Pairs of events start at the same instant: the order must still be fixed (by id).
        event = make.event(title=f"Événement {n:02d}")
        make.session(event=event, starts_at=same_moment + timedelta(hours=n // 2))
        expected.append(event.title)

    first, second = client.get("/"), client.get("/?page=2")

    assert titles(first) == expected[:12]
    assert titles(second) == expected[12:]
    assert titles(client.get("/")) == titles(first)
    assert 'rel="next"' in first.get_data(as_text=True)
    assert "Page 2 of 2" in second.get_data(as_text=True)


def test_programme_page_after_the_last_is_not_found(client, make):
    make.session()

    assert client.get("/?page=2").status_code == 404


def test_programme_filters_by_kind(client, make):
    make.session(event=make.event(title="Une visite", kind="guided_tour"))
    make.session(event=make.event(title="Un atelier", kind="workshop"))

    assert titles(client.get("/?kind=workshop")) == ["Un atelier"]


def test_programme_filters_by_venue_and_by_city(client, make):
    lyon = make.venue(name="H7", address="70 quai Perrache", city="Lyon")
    sevres = make.venue(name="JAD", address="7 rue Troyon", city="Sèvres")
    make.session(event=make.event(title="À Lyon", venue=lyon))
    make.session(event=make.event(title="À Sèvres", venue=sevres))

    assert titles(client.get(f"/?venue={lyon.id}")) == ["À Lyon"]
    assert titles(client.get("/?city=Sèvres")) == ["À Sèvres"]


def test_programme_filters_by_date_range_in_local_days(client, make):
    make.session(event=make.event(title="Jour 3"), starts_at=local_at(3, time(23, 30)))
    make.session(event=make.event(title="Jour 4"), starts_at=local_at(4, time(0, 30)))
    make.session(event=make.event(title="Jour 10"), starts_at=local_at(10, time(14, 0)))
    day = utcnow().astimezone(PARIS).date()

    response = client.get(f"/?date_from={day + timedelta(days=4)}&date_to={day + timedelta(days=9)}")
    assert titles(response) == ["Jour 4"]
    assert titles(client.get(f"/?date_to={day + timedelta(days=3)}")) == ["Jour 3"]


def test_programme_searches_titles_and_descriptions(client, make):
    make.session(event=make.event(title="Atelier céramique", description="Modeler la terre."))
    make.session(event=make.event(title="Rencontre", description="Parler de **réalité virtuelle**."))
    make.session(event=make.event(title="Visite", description="Les remparts."))

    assert titles(client.get("/?q=CÉRAMIQUE")) == ["Atelier céramique"]
    assert titles(client.get("/?q=virtuelle")) == ["Rencontre"]
    assert titles(client.get("/?q=100%")) == []


def test_programme_search_ignores_the_case_of_accented_letters(client, make):
    make.session(event=make.event(title="ÉCOLE DU REGARD"))

    assert titles(client.get("/?q=école")) == ["ÉCOLE DU REGARD"]


def test_programme_can_show_only_events_with_free_seats(client, make):
    full = make.session(event=make.event(title="Complet"), capacity=1)
    make.registration(full)
    make.session(event=make.event(title="Des places"), capacity=5)

    assert titles(client.get("/?available=y")) == ["Des places"]
    assert titles(client.get("/")) == ["Complet", "Des places"]


def test_a_date_with_only_wheelchair_spaces_left_is_still_open_to_booking(client, make):
    """As its page says ("only wheelchair spaces"): someone in a wheelchair can still book it."""
    spaces_left = make.session(event=make.event(title="Fauteuils"), capacity=1, wheelchair_spaces=1)
    make.registration(spaces_left)
    all_taken = make.session(event=make.event(title="Complet"), capacity=1, wheelchair_spaces=1)
    make.registration(all_taken)
    make.registration(all_taken, wheelchair_spaces=1)

    assert titles(client.get("/?available=y")) == ["Fauteuils"]


def test_programme_shows_each_session_time_in_french_in_the_venue_time_zone(client, make):
    make.session(event=make.event(title="Conférence"), starts_at=local_at(10, time(14, 30)))
    martinique = ZoneInfo("America/Martinique")
    venue = make.venue(name="Tropiques Atrium", city="Fort-de-France", timezone="America/Martinique")
    make.session(event=make.event(title="Outre-mer", venue=venue), starts_at=local_at(11, time(9, 15), martinique))

    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)

    assert "14\u00a0h\u00a030" in page
    assert "9\u00a0h\u00a015" in page  # Martinique time, not the same instant in Paris (15 h 15 or 14 h 15)
    assert "15\u00a0h\u00a015" not in page and "14\u00a0h\u00a015" not in page


def test_programme_speaks_english_when_asked(client, make):
    make.session(starts_at=local_at(10, time(14, 30)))

    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert "2:30" in page and "PM" in page


def test_programme_shows_seats_left_and_waiting_lists(client, make):
    open_session = make.session(event=make.event(title="Ouvert"), capacity=5)
    make.registration(open_session, seats=2)
    full = make.session(event=make.event(title="Plein"), capacity=1)
    make.registration(full)
    make.registration(full)

    page = client.get("/").get_data(as_text=True)

    assert "3 seats left" in page
    assert "Full, waiting list open" in page
    assert "1 party waiting" in page

    # Badges are kept by their values (templating.kept_availability_badge): new values, new badges.
    make.registration(open_session, seats=3)
    make.registration(full)
    page = client.get("/").get_data(as_text=True)
    assert "3 seats left" not in page and "Full, waiting list open" in page and "2 parties waiting" in page
    assert "Complet, liste d’attente ouverte" in client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)


def test_programme_has_one_h1_and_labelled_filters(client, make):
    make.session()

    page = client.get("/").get_data(as_text=True)

    assert page.count("<h1") == 1
    for name in ("q", "kind", "venue", "city", "date_from", "date_to", "available"):
        assert f'for="{name}"' in page and f'id="{name}"' in page
    assert 'aria-describedby="None"' not in page
    assert "style=" not in page and "<script" not in page


@pytest.mark.parametrize("count, expected", [(2, ""), (5, "and 2 more dates")])
def test_programme_lists_three_dates_and_links_to_the_rest(client, make, count, expected):
    event = make.event(title="Visites")
    for n in range(count):
        make.session(event=event, starts_in=timedelta(days=n + 1))

    page = client.get("/").get_data(as_text=True)

    assert page.count("<time ") == min(count, 3)
    assert expected in page


def test_programme_filtered_folds_the_form_into_a_line_saying_which_filters_are_on(client, make):
    make.session(event=make.event(title="Atelier céramique", kind="workshop"), starts_at=local_at(5, time(10, 0)))
    day = utcnow().astimezone(PARIS).date()
    start, end = day + timedelta(days=4), day + timedelta(days=6)

    page = client.get(f"/?q=céramique&kind=workshop&date_from={start}&date_to={end}&available=y").get_data(as_text=True)

    summary = re.search(r'<summary class="filters-active">(.*?)</summary>', page, re.S).group(1)
    assert "Filters: “céramique”, Workshop, from " in summary and " to " in summary
    assert "Only with free seats" in summary and ">Change</span>" in summary
    assert re.search(r'<details class="filters mb-3"\s*>', page)  # folded: the results are the first thing seen
    assert 'class="lead"' not in page
    assert titles_in(page) == ["Atelier céramique"]


def test_programme_unfiltered_or_with_a_bad_filter_shows_the_form_plainly(client, make):
    make.session()

    plain = client.get("/").get_data(as_text=True)
    bad = client.get("/?date_from=pas-une-date").get_data(as_text=True)

    assert "filters-active" not in plain and 'class="lead"' in plain and ">Filter the programme</summary>" in plain
    assert re.search(r'<details class="filters mb-3"\s*open>', bad)  # the field that was not understood, shown


def test_programme_shows_an_event_s_dates_in_the_range_asked(client, make):
    event = make.event(title="Visites du port")
    for days in (1, 2, 10, 11, 12):
        make.session(event=event, starts_at=local_at(days, time(14, 0)))
    day = utcnow().astimezone(PARIS).date()

    page = client.get(f"/?date_from={day + timedelta(days=10)}&date_to={day + timedelta(days=11)}").get_data(as_text=True)

    shown = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})', page)
    assert shown == [str(local_at(d, time(14, 0)).astimezone(ZoneInfo("UTC")).date()) for d in (10, 11)]
    assert "more date" not in page


def titles_in(page: str) -> list[str]:
    return re.findall(r'<h2 class="h4 card-title"[^>]*><a href="[^"]+">([^<]+)</a>', page)


def test_programme_filter_form_kept_shows_what_changed_since(client, make):
    """The filter form's markup is kept for each state of the form (booking/public/filter_form.py): a new venue,
    a kind renamed, a bad date or another language each give the form they should."""
    make.session(event=make.event(title="Visite"))
    first = client.get("/").get_data(as_text=True)
    assert client.get("/?page=1").get_data(as_text=True).count('name="venue"') == first.count('name="venue"') == 1

    make.venue(name="La Citadelle", city="Marseille")
    kind = db.session.scalar(sa.select(EventKindRecord).where(EventKindRecord.code == "talk"))
    kind.name_en = "Lecture"
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "La Citadelle (Marseille)" in page and '<option value="Marseille">Marseille</option>' in page
    assert '<option value="talk">Lecture</option>' in page

    dated = client.get("/?date_from=2026-99-01").get_data(as_text=True)
    assert 'id="date_from"' in dated and 'aria-invalid="true"' in dated
    assert 'aria-invalid="true"' not in client.get("/").get_data(as_text=True)
    french = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Filtrer le programme" in french and "Filter the programme" in client.get("/").get_data(as_text=True)
