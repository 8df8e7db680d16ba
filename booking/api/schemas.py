"""What the API reads and writes: marshmallow schemas, which also generate the OpenAPI document.

Schemas check shape only (types, lengths, known values); every policy (capacity,
windows, duplicates, team membership) is the services' to decide.
"""

from datetime import date

import marshmallow as ma
from marshmallow import fields, validate

from booking.api.fields import EARLIEST_YEAR, LATEST_YEAR, Answer, Day, EmailAddress, Flag, Instant, Text, record_id
from booking.api.messages import translatable, translate_field
from booking.i18n import N_
from booking.models import AccessNeed, EventStatus, KindIcon, ReconfirmStatus, RegistrationStatus, SessionStatus
from booking.services import bookings, kinds
from booking.services.bookings import timeline
from booking.services.events import EASY_READ_SUMMARY_MAX, SUMMARY_MAX, TITLE_MAX
from booking.services.programme import SEARCH_MAX
from booking.services.seats import Availability

ACCESS_NEEDS = [need.value for need in AccessNeed]
LOCALES = ["fr", "en"]
KIND_DOC = {"description": "A kind's code, as GET /api/v1/kinds lists them (talk, debate, guided_tour, workshop, "
                           "screening, show, other, and those admins add)."}
UNKNOWN_KIND = translatable(N_("Unknown kind of event."))
EMPTY_CHANGE = translatable(N_("Send at least one field to change."))
MAX_PER_PAGE = 100
DESCRIPTION_MAX = 20_000
FIRST_DAY, LAST_DAY = date(EARLIEST_YEAR, 1, 1), date(LATEST_YEAR, 12, 31)
BEFORE_FROM = translatable(N_("Must not be before 'from'."))


def known_kind(code: str) -> None:
    if kinds.by_code(code) is None:
        raise ma.ValidationError(UNKNOWN_KIND)


def kind_field(**kwargs) -> fields.String:
    return fields.String(validate=[validate.Length(min=1, max=kinds.CODE_MAX), known_kind], metadata=KIND_DOC, **kwargs)


class Base(ma.Schema):
    """Every schema's base: its messages, and its fields', come in the request's language."""

    error_messages = {"unknown": translatable(N_("Unknown field.")), "type": translatable(N_("Invalid input type."))}

    def on_bind_field(self, field_name: str, field_obj: ma.fields.Field) -> None:
        translate_field(field_obj)


class Strict(Base):
    """Unknown fields are refused, so a typo in a field name is reported, not silently ignored."""

    class Meta:
        unknown = ma.RAISE


class Change(Strict):
    """A PATCH body: every field optional, but an empty body changes nothing and is refused (422 names `body`)."""

    @ma.validates_schema(pass_original=True)
    def _not_empty(self, data, original_data, **kwargs):
        if not original_data:
            raise ma.ValidationError(EMPTY_CHANGE)


def lang_field() -> fields.String:
    return fields.String(validate=validate.OneOf(LOCALES),
                         metadata={"description": "Language of the texts (fr or en); else Accept-Language, then "
                                                  "French. English texts left empty fall back to French."})


class LanguageQuery(Base):
    lang = lang_field()


# -- Errors --------------------------------------------------------------------------


class ErrorDetail(Base):
    code = fields.String(required=True, metadata={"description": "Stable machine code, e.g. full, closed."})
    message = fields.String(required=True, metadata={"description": "Human-readable, in the request's language."})
    fields_ = fields.Dict(keys=fields.String(), values=fields.String(), data_key="fields",
                          metadata={"description": "One message per bad field (400/422 only)."})


class ErrorSchema(Base):
    error = fields.Nested(ErrorDetail, required=True)


# -- Public output -------------------------------------------------------------------


class VenueOut(Base):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    address = fields.String(required=True)
    city = fields.String(required=True)
    timezone = fields.String(required=True)
    accessibility_notes = fields.String(required=True)


class SessionOut(Base):
    id = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    starts_at = fields.DateTime(required=True, metadata={"description": "In the venue's time zone, with offset."})
    ends_at = fields.DateTime(required=True)
    capacity = fields.Integer(required=True)
    seats_left = fields.Integer(required=True)
    wheelchair_spaces = fields.Integer(required=True, metadata={"description": "Wheelchair spaces, a pool apart from "
                                                                               "the seats."})
    wheelchair_spaces_left = fields.Integer(required=True)
    waitlist_enabled = fields.Boolean(required=True)
    waitlist_count = fields.Integer(required=True, metadata={"description": "Parties on the waiting list."})
    max_seats_per_registration = fields.Integer(required=True)
    registration_opens_at = fields.DateTime(required=True, allow_none=True)
    registration_closes_at = fields.DateTime(required=True, metadata={"description": "Defaults to the start."})
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in SessionStatus]))
    availability = fields.String(required=True, validate=validate.OneOf([a.value for a in Availability]))
    registration_open = fields.Boolean(required=True, metadata={"description": "A booking would be accepted "
                                                                              "(confirmed or waitlisted)."})
    ics_url = fields.String(required=True)
    booking_url = fields.String(required=True, metadata={"description": "The public booking page."})
    reconfirm_days_before = fields.Integer(required=True, allow_none=True, metadata={
        "description": "Booked people are asked to reconfirm this many days before the start; null: off."})
    offer_hours = fields.Integer(required=True, allow_none=True, metadata={
        "description": "Freed seats are offered to a waiting party for this many hours; null: given at once."})


class EventTexts(Base):
    title = fields.String(required=True)
    summary = fields.String(required=True)
    description = fields.String(required=True, metadata={"description": "Markdown."})


class EventTranslations(Base):
    fr = fields.Nested(EventTexts, required=True)
    en = fields.Nested(EventTexts, required=True, metadata={"description": "Empty where not translated."})


EASY_READ_DOC = {"description": "A few short sentences in easy-to-read French (FALC), which the easy-to-read pages "
                                "show instead of the description; empty when none."}


class EventOut(Base):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    language = fields.String(required=True, validate=validate.OneOf(LOCALES),
                             metadata={"description": "The language of title, summary, description and kind_name."})
    title = fields.String(required=True, metadata={"description": "In `language` (English falls back to French)."})
    summary = fields.String(required=True, metadata={"description": "One sentence, in `language`."})
    kind = fields.String(required=True, metadata=KIND_DOC)
    kind_name = fields.String(required=True, metadata={"description": "The kind's name, in `language`."})
    description = fields.String(required=True, metadata={"description": "Markdown, in `language`."})
    texts = fields.Nested(EventTranslations, required=True,
                          metadata={"description": "Both languages as written (English empty where not translated)."})
    audience_notes = fields.String(required=True)
    easy_read_summary = fields.String(required=True, metadata=EASY_READ_DOC)
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in EventStatus]))
    team = fields.String(required=True)
    url = fields.String(required=True)
    venue = fields.Nested(VenueOut, required=True)
    sessions = fields.List(fields.Nested(SessionOut), required=True)
    updated_at = fields.DateTime(required=True)


class EventPage(Base):
    events = fields.List(fields.Nested(EventOut), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    next = fields.String(required=True, allow_none=True, metadata={"description": "URL of the next page, or null."})


class RegistrationFields(Base):
    """What the holder of a registration and its organisers both see."""

    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in RegistrationStatus]))
    seats = fields.Integer(required=True)
    wheelchair_spaces = fields.Integer(required=True, metadata={"description": "How many of the seats' people use "
                                                                               "a wheelchair (they take spaces)."})
    waitlist_position = fields.Integer(required=True, allow_none=True)
    name = fields.String(required=True)
    email = fields.String(required=True, allow_none=True,
                          metadata={"description": "null for people booked at the desk or by a partner without one."})
    phone = fields.String(required=True, allow_none=True)
    locale = fields.String(required=True)
    answers = fields.Dict(required=True)
    created_at = fields.DateTime(required=True)
    confirmed_at = fields.DateTime(required=True, allow_none=True)
    cancelled_at = fields.DateTime(required=True, allow_none=True)
    reconfirm_status = fields.String(required=True, allow_none=True,
                                     validate=validate.OneOf([s.value for s in ReconfirmStatus]),
                                     metadata={"description": "null (not asked), requested, reconfirmed or released."})
    offer_expires_at = fields.DateTime(required=True, allow_none=True, metadata={
        "description": "While `offered`: accept before this instant, or the seats go to the next party."})


class RegistrationOut(RegistrationFields):
    """A registration as its holder sees it (through its manage token)."""

    manage_token = fields.String(required=True)
    manage_url = fields.String(required=True)
    ics_url = fields.String(required=True)
    session = fields.Nested(SessionOut, required=True)
    event_id = fields.Integer(required=True)
    event_title = fields.String(required=True)


# -- Public input --------------------------------------------------------------------


class ProgrammeQuery(Base):
    """The programme's filters in a query string, as the API's event list and the public feed read them.

    What it loads goes to ``programme.filters_from``, as the programme page's form does.
    """

    kind = fields.String(validate=[validate.Length(max=kinds.CODE_MAX), known_kind], metadata=KIND_DOC)
    venue = record_id(strict=False, metadata={"description": "Venue id."})
    city = Text(validate=validate.Length(max=120))
    date_from = Day(data_key="from", validate=validate.Range(min=FIRST_DAY, max=LAST_DAY),
                    metadata={"description": "First day (YYYY-MM-DD), in the programme's time zone."})
    date_to = Day(data_key="to", validate=validate.Range(min=FIRST_DAY, max=LAST_DAY),
                  metadata={"description": "Last day (YYYY-MM-DD), included."})
    q = Text(validate=validate.Length(max=SEARCH_MAX), metadata={"description": "Words in the title or description."})
    available = fields.Boolean(metadata={"description": "1: only events with free seats."})

    @ma.validates_schema
    def _dates_in_order(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ma.ValidationError(BEFORE_FROM, "to")


class KindOut(Base):
    code = fields.String(required=True, metadata={"description": "Stable: what events' `kind` says."})
    name = fields.String(required=True, metadata={"description": "In the request's language."})
    name_fr = fields.String(required=True)
    name_en = fields.String(required=True)
    icon = fields.String(required=True, validate=validate.OneOf([icon.value for icon in KindIcon]))
    active = fields.Boolean(required=True, metadata={"description": "false: kept on its events, not for new ones."})


class KindList(Base):
    kinds = fields.List(fields.Nested(KindOut), required=True)


class EventQuery(ProgrammeQuery):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    lang = lang_field()
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class BookingIn(Strict):
    name = Text(required=True, validate=validate.Length(min=1, max=bookings.NAME_MAX))
    email = EmailAddress(required=True)
    seats = fields.Integer(strict=True, load_default=1, validate=validate.Range(min=1, max=100))
    answers = fields.Dict(keys=Text(validate=validate.Length(min=1, max=20)),
                          values=Answer(max_length=bookings.ANSWER_MAX),
                          load_default=dict, validate=validate.Length(max=50),
                          metadata={"description": "Answers to the event's questions, keyed by question id: "
                                                   "text, a choice, or true/false for yes/no questions."})
    locale = fields.String(load_default="fr", validate=validate.OneOf(LOCALES),
                           metadata={"description": "Language of the emails."})
    wheelchair_spaces = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=100),
                                       metadata={"description": "How many of the `seats` people use a wheelchair: "
                                                                "they take wheelchair spaces, the others seats "
                                                                "(at most `seats`)."})
    access_needs = fields.List(fields.String(validate=validate.OneOf(ACCESS_NEEDS)), load_default=list,
                               validate=validate.Length(max=len(ACCESS_NEEDS)),
                               metadata={"description": "Accessibility needs, as codes: " + ", ".join(ACCESS_NEEDS)})
    accessibility_needs = Text(load_default="", validate=validate.Length(max=bookings.ANSWER_MAX),
                               metadata={"description": "Anything else about access, in the person's words."})

    @ma.post_load
    def _needs_as_tuple(self, data, **kwargs):
        data["access_needs"] = tuple(data["access_needs"])
        return data


# -- Organiser input and output --------------------------------------------------------


class EventIn(Strict):
    title = Text(required=True, validate=validate.Length(min=1, max=TITLE_MAX), metadata={"description": "In French."})
    title_en = Text(load_default="", validate=validate.Length(max=TITLE_MAX))
    summary = Text(load_default="", validate=validate.Length(max=SUMMARY_MAX), metadata={"description": "In French."})
    summary_en = Text(load_default="", validate=validate.Length(max=SUMMARY_MAX))
    kind = kind_field(required=True)
    description = Text(load_default="", validate=validate.Length(max=DESCRIPTION_MAX),
                       metadata={"description": "In French; Markdown."})
    description_en = Text(load_default="", validate=validate.Length(max=DESCRIPTION_MAX))
    audience_notes = Text(load_default="", validate=validate.Length(max=DESCRIPTION_MAX))
    easy_read_summary = Text(load_default="", validate=validate.Length(max=EASY_READ_SUMMARY_MAX), metadata=EASY_READ_DOC)
    venue_id = record_id(required=True)
    team = Text(validate=validate.Length(min=1, max=120),
                metadata={"description": "Team name or slug; needed when you belong to several."})


class EventPatch(Change):
    title = Text(validate=validate.Length(min=1, max=TITLE_MAX), metadata={"description": "In French."})
    title_en = Text(validate=validate.Length(max=TITLE_MAX))
    summary = Text(validate=validate.Length(max=SUMMARY_MAX), metadata={"description": "In French."})
    summary_en = Text(validate=validate.Length(max=SUMMARY_MAX))
    kind = kind_field()
    description = Text(validate=validate.Length(max=DESCRIPTION_MAX), metadata={"description": "In French."})
    description_en = Text(validate=validate.Length(max=DESCRIPTION_MAX))
    audience_notes = Text(validate=validate.Length(max=DESCRIPTION_MAX))
    easy_read_summary = Text(validate=validate.Length(max=EASY_READ_SUMMARY_MAX), metadata=EASY_READ_DOC)
    venue_id = record_id()
    status = fields.String(validate=validate.OneOf([s.value for s in EventStatus]),
                           metadata={"description": "published, cancelled (final), or back to draft."})

RECONFIRM_DAYS = {"validate": validate.Range(min=timeline.RECONFIRM_DAYS_MIN, max=timeline.RECONFIRM_DAYS_MAX),
                  "metadata": {"description": "Ask booked people to reconfirm this many days before the start "
                                              "(null: off)."}}
OFFER_HOURS = {"validate": validate.Range(min=timeline.OFFER_HOURS_MIN, max=timeline.OFFER_HOURS_MAX),
               "metadata": {"description": "Offer freed seats to a waiting party for this many hours "
                                           "(null: give them at once)."}}


class SessionIn(Strict):
    starts_at = Instant(required=True)
    ends_at = Instant(required=True)
    capacity = fields.Integer(strict=True, required=True, validate=validate.Range(min=0, max=100_000))
    waitlist_enabled = Flag(load_default=True)
    max_seats_per_registration = fields.Integer(strict=True, load_default=4, validate=validate.Range(min=1, max=50))
    registration_opens_at = Instant(allow_none=True, load_default=None)
    registration_closes_at = Instant(allow_none=True, load_default=None)
    wheelchair_spaces = fields.Integer(strict=True, load_default=0, validate=validate.Range(
        min=0, max=bookings.MAX_WHEELCHAIR_SPACES), metadata={"description": "Spaces for wheelchairs, apart from "
                                                                              "the seats."})
    # Left out: the team's default (RECONFIRM_DAYS says so in the document).
    reconfirm_days_before = fields.Integer(strict=True, allow_none=True, **RECONFIRM_DAYS)
    offer_hours = fields.Integer(strict=True, allow_none=True, load_default=None, **OFFER_HOURS)


class SessionPatch(Change):
    capacity = fields.Integer(strict=True, validate=validate.Range(min=0, max=100_000))
    starts_at = Instant()
    ends_at = Instant()
    status = fields.String(validate=validate.OneOf([SessionStatus.CANCELLED.value]),
                           metadata={"description": "Only 'cancelled': cancels every booking and tells everyone."})
    waitlist_enabled = Flag()
    max_seats_per_registration = fields.Integer(strict=True, validate=validate.Range(min=1, max=50))
    registration_opens_at = Instant(allow_none=True)
    registration_closes_at = Instant(allow_none=True)
    wheelchair_spaces = fields.Integer(strict=True, validate=validate.Range(min=0, max=bookings.MAX_WHEELCHAIR_SPACES),
                                       metadata={"description": "More promotes parties waiting for a space; fewer "
                                                                "keeps every booking."})
    reconfirm_days_before = fields.Integer(strict=True, allow_none=True, **RECONFIRM_DAYS)
    offer_hours = fields.Integer(strict=True, allow_none=True, **OFFER_HOURS)


class SeatsIn(Strict):
    seats = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=1000),
                           metadata={"description": "The seats the booking should now hold."})


class CheckInIn(Strict):
    undo = Flag(load_default=False, metadata={"description": "true takes a check-in back."})
    seats = fields.Integer(strict=True, load_default=None, validate=validate.Range(min=1, max=1000),
                           metadata={"description": "How many of the booking's seats arrived (1 of 2: the other "
                                                    "comes later); left out, the whole booking arrived."})


class AttendeeOut(RegistrationFields):
    """A registration as an organiser sees it (no manage token: that secret is the attendee's)."""

    session_id = fields.Integer(required=True)
    accessibility_needs = fields.String(required=True, metadata={"description": "In the person's words."})
    access_needs = fields.List(fields.String(), required=True, metadata={"description": "Codes: "
                                                                         + ", ".join(ACCESS_NEEDS)})
    partner_structure = fields.String(required=True, allow_none=True)
    checked_in_at = fields.DateTime(required=True, allow_none=True)
    seats_checked_in = fields.Integer(required=True, metadata={"description": "Seats of the booking that arrived."})
    no_show_at = fields.DateTime(required=True, allow_none=True, metadata={
        "description": "When an organiser marked the booking as a no-show (booked, did not come, did not cancel)."})


class DeskBookingIn(Strict):
    name = Text(required=True, validate=validate.Length(min=1, max=bookings.NAME_MAX))
    seats = fields.Integer(strict=True, load_default=1, validate=validate.Range(min=1, max=1000))
    email = EmailAddress(load_default="", metadata={"description": "Optional: without one, nothing is sent."})
    phone = Text(load_default="", validate=validate.Length(max=40))
    structure = Text(load_default="", validate=validate.Length(max=200),
                     metadata={"description": "The structure the person comes with, if any."})
    wheelchair_spaces = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=1000),
                                       metadata={"description": "How many of the `seats` people use a wheelchair: "
                                                                "they take wheelchair spaces (at most `seats`)."})
    answers = fields.Dict(keys=Text(validate=validate.Length(min=1, max=20)),
                          values=Answer(max_length=bookings.ANSWER_MAX), load_default=dict,
                          validate=validate.Length(max=50))
    accessibility_needs = Text(load_default="", validate=validate.Length(max=bookings.ANSWER_MAX))
    locale = fields.String(load_default="fr", validate=validate.OneOf(LOCALES))


class DeskBookingOut(AttendeeOut):
    """A desk booking: what the organiser reads out or prints for the person."""

    booking_code = fields.String(required=True, metadata={"description": "Short code to read out; opens nothing."})
    manage_url = fields.String(required=True, metadata={"description": "The person's own link to cancel."})
    confirmation_url = fields.String(required=True, metadata={"description": "The printable confirmation page."})


class WalkInIn(Strict):
    name = Text(load_default="", validate=validate.Length(max=bookings.NAME_MAX))
    seats = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=1000))


class AttendeeList(Base):
    registrations = fields.List(fields.Nested(AttendeeOut), required=True)


class VenueIn(Strict):
    name = Text(required=True, validate=validate.Length(min=1, max=160))
    address = Text(required=True, validate=validate.Length(min=1, max=255))
    city = Text(required=True, validate=validate.Length(min=1, max=120))
    timezone = Text(load_default="Europe/Paris", validate=validate.Length(min=1, max=64))
    accessibility_notes = Text(load_default="", validate=validate.Length(max=DESCRIPTION_MAX))


class VenueList(Base):
    venues = fields.List(fields.Nested(VenueOut), required=True)


# -- Partner allocations ---------------------------------------------------------------


class AllocationIn(Strict):
    partner = Text(required=True, validate=validate.Length(min=1, max=bookings.PARTNER_MAX),
                   metadata={"description": "The partner structure: a shelter, a social centre, a school..."})
    contact_email = EmailAddress(required=True, metadata={"description": "Gets the invite link `/p/{invite_token}`."})
    seats = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=100_000),
                           metadata={"description": "At most the seats free now (409 `full` otherwise)."})
    release_at = Instant(required=True, metadata={"description": "When unused seats go back to the public; "
                                                                 "after now, no later than the session's start."})
    locale = fields.String(load_default="fr", validate=validate.OneOf(LOCALES),
                           metadata={"description": "Language of the contact's emails."})


class AllocationOut(Base):
    id = fields.Integer(required=True)
    session_id = fields.Integer(required=True)
    partner = fields.String(required=True)
    contact_email = fields.String(required=True)
    seats = fields.Integer(required=True, metadata={"description": "Seats held for the partner."})
    seats_used = fields.Integer(required=True, metadata={"description": "Seats the partner has booked."})
    seats_unused = fields.Integer(required=True, metadata={"description": "Seats still held and not booked "
                                                                          "(0 once released)."})
    release_at = fields.DateTime(required=True)
    released_at = fields.DateTime(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(["held", "released"]))
    invite_url = fields.String(required=True)
    invite_token = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class AllocationList(Base):
    allocations = fields.List(fields.Nested(AllocationOut), required=True)


class PartnerBookingIn(Strict):
    # Not required here: the service names a missing name (422), after the token was found.
    name = Text(load_default="", validate=validate.Length(max=bookings.NAME_MAX))
    seats = fields.Integer(strict=True, load_default=1, validate=validate.Range(min=1, max=1000))
    email = Text(load_default="", validate=validate.Length(max=bookings.EMAIL_MAX),
                 metadata={"description": "Optional: without one, nobody is written to."})
    phone = Text(load_default="", validate=validate.Length(max=40), metadata={"description": "Optional."})
    wheelchair_spaces = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=1000),
                                       metadata={"description": "How many of the `seats` people use a wheelchair: "
                                                                "they take the session's wheelchair spaces, the "
                                                                "others the allocation's seats."})
    locale = fields.String(load_default="fr", validate=validate.OneOf(LOCALES),
                           metadata={"description": "Language of the emails, when an email is given."})
