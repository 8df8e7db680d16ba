"""Organisers' forms: they check shape; the services check policy.

Dates are typed in the venue's local time (``datetime-local`` inputs give a
naive value) and turned into UTC here, refusing times the clocks skip.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FileField,
    IntegerField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from booking.extensions import db
from booking.forms import plausible_date
from booking.models import QuestionKind, Team, User
from booking.services import access, attendees, bookings, events, images, messages, questions
from booking.services.bookings import timeline
from booking.services.email_address import EMAIL_MAX_LENGTH
from booking.validators import ValidEmail

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def local_to_utc(naive: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A wall-clock time in ``zone`` as an aware UTC datetime; ValueError if the clocks skip it."""
    if naive is None:
        return None
    moment = naive.replace(tzinfo=zone).astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != naive.replace(tzinfo=None):
        raise ValueError("this local time does not exist (the clocks change)")
    return moment


def utc_to_local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return moment.astimezone(zone).replace(tzinfo=None) if moment else None


def wheelchair_users_field() -> IntegerField:
    """How many of a party booked by an organiser use a wheelchair (group and desk bookings)."""
    return IntegerField(_l("How many people in a wheelchair?"), default=0,
                        validators=[Optional(), NumberRange(min=0, max=events.MAX_CAPACITY)],
                        render_kw={"inputmode": "numeric"},
                        description=_l("Counted in the seats too: each takes a wheelchair space."))


class OrganiserForm(FlaskForm):
    """Every organiser form refuses control characters (PostgreSQL text cannot even hold NUL)."""

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and any(ord(c) < 32 and c not in "\r\n\t" for c in field.data):
                field.errors = [*field.errors, str(_l("Please remove the special characters from this field."))]
                ok = False
        return ok


class EventsFilterForm(OrganiserForm):
    """The events list's search and team filter, read from the query string (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Title contains"), validators=[Optional(), Length(max=events.TITLE_MAX)])
    team = SelectField(_l("Team"), coerce=int, validators=[Optional()])

    def __init__(self, *args, organiser: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.team.choices = [(0, _l("All my teams"))] + [(t.id, t.name) for t in access.teams_organised_by(organiser)]


class SearchForm(OrganiserForm):
    """A search read from the query string (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name or email"), validators=[Optional(), Length(max=attendees.SEARCH_MAX)])


class ConfirmForm(OrganiserForm):
    """A confirmation page: only the CSRF token and a button."""

    submit = SubmitField(_l("Confirm"))


MARKDOWN_HELP = _l("To format the text: **bold**, *italics*; a line starting with “- ” makes a list; "
                   "a link is written [text](https://…).")


class EventForm(OrganiserForm):
    """The event's texts in French (title required) and English (optional: empty shows the French), kind, venue."""

    title = StringField(_l("Title in French"), validators=[DataRequired(), Length(max=events.TITLE_MAX)],
                        render_kw={"lang": "fr"})
    summary = StringField(_l("Short summary in French"), validators=[Optional(), Length(max=events.SUMMARY_MAX)],
                          render_kw={"lang": "fr"},
                          description=_l("One sentence shown on the programme, under the title."))
    description = TextAreaField(_l("Description in French"), validators=[Optional(), Length(max=events.DESCRIPTION_MAX)],
                                render_kw={"rows": 10, "lang": "fr"}, description=MARKDOWN_HELP)
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=events.TITLE_MAX)],
                           render_kw={"lang": "en"})
    summary_en = StringField(_l("Short summary in English"), validators=[Optional(), Length(max=events.SUMMARY_MAX)],
                             render_kw={"lang": "en"})
    description_en = TextAreaField(_l("Description in English"),
                                   validators=[Optional(), Length(max=events.DESCRIPTION_MAX)],
                                   render_kw={"rows": 10, "lang": "en"}, description=MARKDOWN_HELP)
    kind = SelectField(_l("Kind of event"), choices=[])  # the view fills it (labels.kind_choices)
    venue_id = SelectField(_l("Venue"), coerce=int, validators=[InputRequired()])

    def texts(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in events.TEXT_FIELDS}
    audience_notes = TextAreaField(_l("For whom (audience notes)"), validators=[Optional(), Length(max=2000)],
                                   render_kw={"rows": 3})
    easy_read_summary = TextAreaField(
        _l("Easy-to-read summary (optional)"),
        validators=[Optional(), Length(max=events.EASY_READ_SUMMARY_MAX)], render_kw={"rows": 4},
        description=_l("A few short sentences for people who read with difficulty. The “Easy to read” mode shows "
                       "them instead of the description. One idea per sentence, everyday words, no abbreviations."))
    # The picture: checked and re-encoded by services/images.py, which says what is wrong with a file.
    image = FileField(_l("Picture (optional)"), render_kw={"accept": "image/jpeg,image/png,image/webp"},
                      description=lazy_ngettext("A JPEG, PNG or WebP picture, up to %(num)d MB. It is shown on the "
                                                "programme and on the event's page.",
                                                "A JPEG, PNG or WebP picture, up to %(num)d MB. It is shown on the "
                                                "programme and on the event's page.", images.MAX_MEGABYTES))
    image_alt = StringField(_l("What the picture shows"), validators=[Optional(), Length(max=images.ALT_MAX)],
                            description=_l("In a sentence, for people who cannot see it: “Two children printing a "
                                           "linocut”. Required with a picture."))
    remove_image = BooleanField(_l("Remove the picture"))
    submit = SubmitField(_l("Save"))

    def image_upload(self) -> tuple[bytes | None, str]:
        """The picture sent with the form, read up to just over its limit (so "too big" can be said), and its name."""
        upload = self.image.data
        if not isinstance(upload, FileStorage) or not upload.filename:
            return None, ""
        return upload.stream.read(images.MAX_BYTES + 1), upload.filename


class DuplicateEventForm(OrganiserForm):
    """A copy of an event: its title, and the new date of its first session (the others follow)."""

    title = StringField(_l("Title of the copy"), validators=[DataRequired(), Length(max=events.TITLE_MAX)])
    first_starts_at = DateTimeLocalField(
        _l("New date and time of the first session"), format=LOCAL_FORMATS, validators=[Optional(), plausible_date],
        description=_l("Every other session moves by the same number of days, at the same time of day."))
    submit = SubmitField(_l("Make the copy"))

    zone: ZoneInfo = ZoneInfo("Europe/Paris")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.first_starts_at.errors:
            try:
                local_to_utc(self.first_starts_at.data, self.zone)
            except ValueError:
                self.first_starts_at.errors.append(str(_l("This time does not exist here: the clocks change then.")))
                ok = False
        return ok

    def first_start_in_utc(self) -> datetime | None:
        return local_to_utc(self.first_starts_at.data, self.zone)


# WTForms' own words for a value its list does not offer, translated by WTForms' catalogue (field.gettext),
# as its SelectField says them: a team one may not organise for is refused exactly like an unknown one.
WTFORMS_NOT_A_CHOICE = "Not a valid choice."


class NewEventForm(EventForm):
    """A new event. The list shows the organiser's teams, but a crafted POST can name any id:
    whether they may organise for the chosen team is ``access.can_organise``'s rule.
    """

    team_id = SelectField(_l("Team"), coerce=int, validators=[InputRequired()], validate_choice=False)

    def __init__(self, *args, organiser: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.organiser = organiser
        self.team_id.choices = [(team.id, team.name) for team in access.teams_organised_by(organiser)]

    def validate_team_id(self, field) -> None:
        team = db.session.get(Team, field.data) if isinstance(field.data, int) else None
        if team is None or not access.can_organise(self.organiser, team.id):
            raise ValidationError(field.gettext(WTFORMS_NOT_A_CHOICE))


class SessionForm(OrganiserForm):
    """One session's dates and seats; ``zone`` is the venue's time zone, set by the view."""

    starts_at = DateTimeLocalField(_l("Starts"), format=LOCAL_FORMATS, validators=[InputRequired(), plausible_date])
    ends_at = DateTimeLocalField(_l("Ends"), format=LOCAL_FORMATS, validators=[InputRequired(), plausible_date])
    capacity = IntegerField(_l("Capacity (seats)"), validators=[
        InputRequired(), NumberRange(min=0, max=events.MAX_CAPACITY)], render_kw={"inputmode": "numeric"})
    wheelchair_spaces = IntegerField(
        _l("Wheelchair spaces"), default=0, render_kw={"inputmode": "numeric"},
        validators=[Optional(), NumberRange(min=0, max=bookings.MAX_WHEELCHAIR_SPACES)],
        description=_l("Places for people who stay in their wheelchair, apart from the seats. "
                       "The booking form asks how many in each party need one."))
    waitlist_enabled = BooleanField(_l("Waiting list when full"), default=True)
    max_seats_per_registration = IntegerField(
        _l("Most seats one person may book"), default=4,
        validators=[InputRequired(), NumberRange(min=1, max=events.MAX_SEATS_PER_REGISTRATION)])
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens (optional)"), format=LOCAL_FORMATS, validators=[Optional(), plausible_date],
        description=_l("Empty: open as soon as the event is published."))
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes (optional)"), format=LOCAL_FORMATS, validators=[Optional(), plausible_date],
        description=_l("Empty: open until the session starts."))
    reconfirm_days_before = IntegerField(
        _l("Ask booked people to reconfirm, days before (optional)"),
        validators=[Optional(), NumberRange(min=timeline.RECONFIRM_DAYS_MIN, max=timeline.RECONFIRM_DAYS_MAX)],
        render_kw={"inputmode": "numeric"},
        description=_l("Those who do not answer by 24 hours before the start are released, and their seats go "
                       "to the waiting list. Empty: nobody is asked."))
    offer_hours = IntegerField(
        _l("Hours to accept freed seats (optional)"),
        validators=[Optional(), NumberRange(min=timeline.OFFER_HOURS_MIN, max=timeline.OFFER_HOURS_MAX)],
        render_kw={"inputmode": "numeric"},
        description=_l("Freed seats are held for the next person waiting, who accepts them within this time. "
                       "Empty: they are given at once."))
    submit = SubmitField(_l("Save"))

    zone: ZoneInfo = ZoneInfo("Europe/Paris")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            if self[name].errors:  # already refused (e.g. the year 1, which no time zone arithmetic survives)
                continue
            try:
                local_to_utc(self[name].data, self.zone)
            except ValueError:
                self[name].errors.append(str(_l("This time does not exist here: the clocks change then.")))
                ok = False
        return ok

    def fields_in_utc(self) -> events.SessionFields:
        return events.SessionFields(
            starts_at=local_to_utc(self.starts_at.data, self.zone),
            ends_at=local_to_utc(self.ends_at.data, self.zone),
            capacity=self.capacity.data,
            waitlist_enabled=bool(self.waitlist_enabled.data),
            max_seats_per_registration=self.max_seats_per_registration.data,
            registration_opens_at=local_to_utc(self.registration_opens_at.data, self.zone),
            registration_closes_at=local_to_utc(self.registration_closes_at.data, self.zone),
            reconfirm_days_before=self.reconfirm_days_before.data,
            offer_hours=self.offer_hours.data,
            wheelchair_spaces=self.wheelchair_spaces.data or 0,
        )


class NewSessionForm(SessionForm):
    repeat = SelectField(_l("Repeat"), choices=[("", _l("Only once")), ("daily", _l("Every day")),
                                                ("weekly", _l("Every week"))], default="")
    count = IntegerField(_l("Number of sessions"), default=1, description=_l("With a repeat: how many in all."),
                         validators=[InputRequired(), NumberRange(min=1, max=events.MAX_SERIES_LENGTH)])
    submit = SubmitField(_l("Add"))


class QuestionForm(OrganiserForm):
    label = StringField(_l("Question"), validators=[DataRequired(), Length(max=questions.LABEL_MAX)])
    kind = SelectField(_l("Kind of answer"), choices=[(k.value, label) for k, label in questions.KIND_LABELS.items()],
                       default=QuestionKind.SHORT_TEXT.value)
    choices = TextAreaField(_l("Choices, one per line (single choice only)"), validators=[Optional(), Length(max=8000)],
                            render_kw={"rows": 4})
    required = BooleanField(_l("An answer is required"))
    submit = SubmitField(_l("Save the question"))

    def to_fields(self) -> questions.QuestionFields:
        return questions.QuestionFields(label=self.label.data, kind=self.kind.data, required=self.required.data,
                                        choices=tuple((self.choices.data or "").splitlines()))


class GroupBookingForm(OrganiserForm):
    structure = StringField(_l("Partner structure"), validators=[DataRequired(), Length(max=200)],
                            description=_l("The association, social service or school the group comes with."))
    name = StringField(_l("Contact name"), validators=[DataRequired(), Length(max=120)])
    email = StringField(_l("Contact email"), validators=[DataRequired(), Length(max=EMAIL_MAX_LENGTH), ValidEmail()],
                        render_kw={"type": "email", "inputmode": "email"},
                        description=_l("The confirmation and the link to manage the booking go here."))
    phone = StringField(_l("Contact phone (optional)"), validators=[Optional(), Length(max=40)],
                        render_kw={"type": "tel", "inputmode": "tel"})
    seats = IntegerField(_l("Number of seats"), validators=[InputRequired(), NumberRange(min=1, max=events.MAX_CAPACITY)],
                         render_kw={"inputmode": "numeric"})
    wheelchair_spaces = wheelchair_users_field()
    accessibility_needs = TextAreaField(_l("Accessibility needs of the group (optional)"),
                                        validators=[Optional(), Length(max=1000)], render_kw={"rows": 2})
    locale = SelectField(_l("Language of the emails"), choices=[("fr", "Français"), ("en", "English")], default="fr")
    submit = SubmitField(_l("Book for the group"))


class MessageForm(OrganiserForm):
    """Write, preview, send: ``preview`` shows the message as sent; ``send`` sends it; ``edit`` goes back to writing."""

    audiences = SelectMultipleField(
        _l("Send to"), choices=[(messages.Audience.BOOKED, _l("Booked, not checked in")),
                                (messages.Audience.CHECKED_IN, _l("Checked in")),
                                (messages.Audience.WAITING, _l("On the waiting list (no seat yet)"))],
        default=list(messages.DEFAULT_AUDIENCES), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=messages.SUBJECT_MAX)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=messages.BODY_MAX)],
                         render_kw={"rows": 8})
    preview = SubmitField(_l("Preview the message"))
    send = SubmitField(_l("Send the message"))
    edit = SubmitField(_l("Change the message"))

    def validate_audiences(self, field):
        if not field.data:
            raise ValidationError(_l("Please choose who receives the message."))

    def validate_subject(self, field):
        if any(c in (field.data or "") for c in "\r\n"):
            raise ValidationError(_l("The subject must fit on one line."))


class AllocationForm(OrganiserForm):
    """Seats held for a partner; ``zone`` is the venue's time zone, set by the view."""

    partner = StringField(_l("Partner structure"), validators=[DataRequired(), Length(max=200)],
                          description=_l("The shelter, social centre, school or association the seats are for."))
    contact_email = StringField(_l("Contact email"), validators=[DataRequired(), Length(max=EMAIL_MAX_LENGTH),
                                                                 ValidEmail()],
                                render_kw={"type": "email", "inputmode": "email"},
                                description=_l("The link to book the seats goes here."))
    seats = IntegerField(_l("Number of seats"), validators=[InputRequired(), NumberRange(min=1, max=events.MAX_CAPACITY)],
                         render_kw={"inputmode": "numeric"})
    release_at = DateTimeLocalField(_l("Give unused seats back to the public on"), format=LOCAL_FORMATS,
                                    validators=[InputRequired(), plausible_date],
                                    description=_l("Seats not booked by then go to the public and the waiting list."))
    locale = SelectField(_l("Language of the emails"), choices=[("fr", "Français"), ("en", "English")], default="fr")
    submit = SubmitField(_l("Hold the seats"))

    zone: ZoneInfo = ZoneInfo("Europe/Paris")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.release_at.errors:
            try:
                local_to_utc(self.release_at.data, self.zone)
            except ValueError:
                self.release_at.errors.append(str(_l("This time does not exist here: the clocks change then.")))
                ok = False
        return ok

    def release_at_utc(self) -> datetime:
        return local_to_utc(self.release_at.data, self.zone)


class AllocationChangeForm(AllocationForm):
    locale = None  # the contact's language stays as it was
    submit = SubmitField(_l("Save"))


class WalkInForm(OrganiserForm):
    """People at the door without a booking: how many, and a name if they give one."""

    seats = IntegerField(_l("Number of people"), default=1,
                         validators=[InputRequired(), NumberRange(min=1, max=events.MAX_CAPACITY)],
                         render_kw={"inputmode": "numeric", "min": 1})
    name = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=120)], render_kw={"autocomplete": "off"})
    submit = SubmitField(_l("Let them in"))


class DeskBookingForm(OrganiserForm):
    """A booking taken at the desk or on the phone: a name, and a phone, an email, or neither."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)], render_kw={"autocomplete": "off"})
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)],
                        render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "off"})
    email = StringField(_l("Email (optional)"), validators=[Optional(), Length(max=EMAIL_MAX_LENGTH), ValidEmail()],
                        render_kw={"type": "email", "inputmode": "email", "autocomplete": "off"},
                        description=_l("With an email, the person gets the confirmation and the link to manage "
                                       "the booking. Without one, nothing is sent: print or read out the booking."))
    seats = IntegerField(_l("Number of seats"), default=1,
                         validators=[InputRequired(), NumberRange(min=1, max=events.MAX_CAPACITY)],
                         render_kw={"inputmode": "numeric", "min": 1})
    wheelchair_spaces = wheelchair_users_field()
    accessibility_needs = TextAreaField(_l("Accessibility needs (optional)"),
                                        validators=[Optional(), Length(max=1000)], render_kw={"rows": 2})
    locale = SelectField(_l("Language"), choices=[("fr", "Français"), ("en", "English")], default="fr")
    submit = SubmitField(_l("Book"))


class AttendeeForm(OrganiserForm):
    """An organiser corrects someone's details; answers are added per question by the view."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = StringField(_l("Email (optional)"), validators=[Optional(), Length(max=EMAIL_MAX_LENGTH), ValidEmail()],
                        render_kw={"type": "email", "inputmode": "email"},
                        description=_l("A new address receives the confirmation of the booking."))
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)],
                        render_kw={"type": "tel", "inputmode": "tel"})
    submit = SubmitField(_l("Save"))
    questions = ()

    def service_field_name(self, name: str) -> str:
        """The service names an answer by its question's id."""
        return f"question_{name.removeprefix('answers.')}" if name.startswith("answers.") else name


def attendee_form_for(event, registration):
    """The correction form for one attendee of ``event``: AttendeeForm plus one optional field per question."""
    fields = {}
    for question in event.questions:
        label = question.label
        if question.kind == QuestionKind.LONG_TEXT:
            fields[f"question_{question.id}"] = TextAreaField(label, validators=[Optional(), Length(max=2000)])
        elif question.kind == QuestionKind.SHORT_TEXT:
            fields[f"question_{question.id}"] = StringField(label, validators=[Optional(), Length(max=500)])
        else:
            choices = [(c, c) for c in question.choices] if question.kind == QuestionKind.CHOICE else [
                (questions.YES, _l("Yes")), (questions.NO, _l("No"))]
            fields[f"question_{question.id}"] = SelectField(label, choices=[("", _l("No answer")), *choices],
                                                            validators=[Optional()])
    form_class = type("EventAttendeeForm", (AttendeeForm,), {"questions": tuple(event.questions), **fields})
    answers = registration.answers or {}
    data = {"name": registration.name, "email": registration.email or "", "phone": registration.phone or "",
            **{f"question_{q.id}": answers.get(str(q.id), "") for q in event.questions}}
    return form_class(data=data)


def answers_of(form) -> dict[str, str]:
    """The answers an attendee form holds, keyed by question id."""
    return {str(q.id): (form[f"question_{q.id}"].data or "") for q in form.questions}
