"""Calendar files and feeds (.ics), and the page to subscribe to one's own bookings.

The blueprint has no URL prefix so that a booking's file can live beside its
page, at ``/r/<token>.ics``; every other address starts with ``/calendar``.
"""

import marshmallow as ma
from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from webargs.flaskparser import FlaskParser

from booking.api.schemas import ProgrammeQuery
from booking.calendar import conditional, entries, feeds, kept, links
from booking.calendar.blueprint import bp
from booking.extensions import db
from booking.labels import event_text
from booking.links import absolute_url, event_url
from booking.models import Registration, Session, utcnow
from booking.privacy import proof
from booking.services import programme, registrations

ICS_MIMETYPE = "text/calendar; charset=utf-8"


@bp.get("/calendar/sessions/<int:session_id>.ics")
def session_file(session_id: int):
    session = programme.public_session(session_id) or abort(404)
    return _ics(entries.public_calendar([session]), f"session-{session.id}.ics", cache="public, max-age=300")


@bp.get("/calendar/events.ics")
def public_feed():
    """Every public session to come (and the past week), with the programme's filters.

    Calendar apps poll it: its ETag and Last-Modified come from one statement on the data's last
    change, and an unchanged feed answers 304 before a single session is read. Its body is built
    once per ETag and kept (``kept``): every subscriber asks for the same few feeds.
    """
    filters, tz, now = _filters_from(), current_app.config["BOOKING_TIMEZONE"], utcnow()
    version = programme.feed_version(filters, tz=tz, now=now)
    etag = conditional.etag("public", filters, version.count, version.ids, version.last_change)
    cache = "public, max-age=300"
    if conditional.unchanged(etag, version.last_change):
        return conditional.not_modified(etag, version.last_change, cache=cache)

    def build() -> bytes:
        return entries.public_feed(programme.feed_rows(filters, tz=tz, now=now), name=_("Guichet programme"),
                                   stamp=version.last_change)

    body = kept.public_feeds().body((filters, str(get_locale())), etag, build)
    return conditional.validated(_ics(body, "guichet.ics", cache=cache, download=False), etag, version.last_change)


@bp.get("/r/<token>.ics")
def registration_file(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    body = entries.booking_file(entries.registration_values(registration))
    return _ics(body, "booking.ics", cache="private, no-cache")


@bp.get("/calendar/feed/<token>.ics")
def personal_feed(token: str):
    """A person's bookings. 304 when its ETag (a digest of what its entries show) still holds.

    Its Last-Modified is given, but an If-Modified-Since alone is not trusted: a change of seats
    carries no time of its own, and only the digest sees it.
    """
    feed = feeds.feed_by_token(token) or abort(404)
    now = utcnow()
    state = feeds.feed_state(feed.email, now)
    etag = conditional.etag("personal", feed.token, state.digest)
    cache = "private, no-cache"
    if conditional.unchanged(etag, None):
        response = conditional.not_modified(etag, state.last_change, cache=cache)
    else:
        snapshots = [entries.registration_values(r) for r in feeds.feed_registrations(feed.email, now)]
        body = entries.personal_feed(snapshots, name=_("My bookings (Guichet)"), stamp=state.last_change)
        response = conditional.validated(_ics(body, "my-bookings.ics", cache=cache, download=False),
                                         etag, state.last_change)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/calendar/subscribe/<token>")
def subscribe(token: str):
    """From a booking to the personal feed: only once its address is proven (a booking link proves nothing)."""
    registration = registrations.by_manage_token(token) or abort(404)
    if not registration.email:
        abort(404)  # booked without an address: no feed follows it
    if proof.proves(registration.email_key):
        return redirect(url_for("calendar.my_feed"))
    return render_template("calendar/subscribe.html", registration=registration)


@bp.post("/calendar/subscribe/<token>")
def create_feed(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    if not proof.proves(registration.email_key):  # the booking's holder is not yet its address's owner
        return redirect(url_for("calendar.subscribe", token=token))
    return create_my_feed()


@bp.post("/calendar/subscribe/<token>/revoke")
def revoke_feed(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    if not proof.proves(registration.email_key):
        return redirect(url_for("calendar.subscribe", token=token))
    return revoke_my_feed()


@bp.get("/calendar/my-feed")
def my_feed():
    key = proof.proven_key()
    if key is None:
        return redirect(url_for("privacy.request_link"))
    feed = feeds.feed_for(key)
    return render_template("calendar/my_feed.html", feed=feed,
                           addresses=_feed_addresses(feed.token) if feed else None)


@bp.post("/calendar/my-feed")
def create_my_feed():
    key = proof.proven_key()
    if key is None:
        return redirect(url_for("privacy.request_link"))
    feeds.get_or_create_feed(key)
    db.session.commit()
    return redirect(url_for("calendar.my_feed"))


@bp.post("/calendar/my-feed/revoke")
def revoke_my_feed():
    key = proof.proven_key()
    if key is None:
        return redirect(url_for("privacy.request_link"))
    feeds.revoke_feed(key)
    db.session.commit()
    flash(_("Your calendar has a new address: the old one no longer works."), "success")
    return redirect(url_for("calendar.my_feed"))


# -- For templates: "Add to calendar" links ------------------------------------------


@bp.app_template_global()
def session_calendar_links(session: Session) -> dict[str, str]:
    event = session.event
    url = event_url(event.id, event.slug)
    return _links(event_text(event, "title"), session, url, event_ics=url_for("calendar.session_file", session_id=session.id))


@bp.app_template_global()
def registration_calendar_links(registration: Registration) -> dict[str, str]:
    token = registration.manage_token
    event = registration.session.event
    # Google and Outlook keep what they are given: the public event page, never the booking's secret link.
    links_ = _links(event.text("title", registration.locale), registration.session, event_url(event.id, event.slug),
                    event_ics=url_for("calendar.registration_file", token=token))
    links_["subscribe"] = url_for("calendar.subscribe", token=token)
    return links_


def _links(title: str, session: Session, details_url: str, *, event_ics: str) -> dict[str, str]:
    venue = session.event.venue
    where = entries.place(venue.name, venue.address, venue.city)
    details = _("Details: %(url)s", url=details_url)
    common = {"title": title, "starts_at": session.starts_at, "ends_at": session.ends_at,
              "details": details, "location": where}
    return {
        "ics": event_ics,
        "google": links.google_calendar_url(**common, timezone=venue.timezone),
        "outlook": links.outlook_calendar_url(**common),
    }


# -- Internals ---------------------------------------------------------------------


def _ics(body: bytes, filename: str, *, cache: str, download: bool = True) -> Response:
    response = Response(body, content_type=ICS_MIMETYPE)
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = cache
    return response


def _feed_addresses(token: str) -> dict[str, str]:
    # Absolute with the public address, as calendars fetch it from elsewhere.
    https = absolute_url("calendar.personal_feed", token=token)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


feed_parser = FlaskParser()


@feed_parser.error_handler
def _refuse(error, _request, _schema, **_kwargs):
    raise error  # a feed is not the API: _filters_from answers 400, in the calendar's own words


class FeedQuery(ProgrammeQuery):
    """The API's programme filters; the feed also takes the programme page's own names for the dates."""

    @ma.pre_load
    def _page_names(self, data, **kwargs):
        data = dict(data)  # a MultiDict: one value per key is all a filter takes
        for page_name, name in (("date_from", "from"), ("date_to", "to")):
            if data.get(page_name) and not data.get(name):
                data[name] = data[page_name]
            data.pop(page_name, None)
        return data


def _filters_from() -> programme.ProgrammeFilters:
    """The programme's filters from a query string, read as the API reads them; anything malformed answers 400."""
    try:
        return programme.filters_from(feed_parser.parse(FeedQuery(), location="query", unknown=ma.EXCLUDE))
    except ma.ValidationError as error:
        abort(400, description=_("Unknown filter value: %(error)s", error=", ".join(sorted(error.messages))))
