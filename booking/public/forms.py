"""Public forms: they check shape; the booking service checks policy."""

import logging

from flask_babel import format_date, get_locale, lazy_ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from booking.forms import plausible_date
from booking.labels import ACCESS_NEED_LABELS
from booking.models import QuestionKind, new_secret_token
from booking.services import questions as question_rules
from booking.services.bookings import ANSWER_MAX, EMAIL_MAX, NAME_MAX, BookingRequest
from booking.services.programme import SEARCH_MAX, ProgrammeFilters, filters_from
from booking.validators import ValidEmail

log = logging.getLogger(__name__)

# Far above any session's own limit: only stops absurd numbers before the service says the real one.
SEATS_SHAPE_MAX = 1000


def printable(form, field) -> None:
    """Refuse control characters (NUL breaks PostgreSQL text; none belongs in a name or a search)."""
    value = field.data or ""
    if isinstance(value, str) and any(ord(c) < 32 and c not in "\r\n\t" for c in value):
        raise ValidationError(_l("Please remove the special characters from this field."))


class SeatsField(IntegerField):
    """A whole number of seats, with a plain message when it is not one."""

    not_a_number = _l("Please give the number of seats as a whole number, such as 2.")

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(self.not_a_number)) from error

    def pre_validate(self, form):
        if self.process_errors:  # not a number: one clear message, not three
            raise StopValidation()


class FilterSelect(SelectField):
    """A programme filter's list (optional). Left empty, its choices are not checked: the ``Optional`` validator
    would clear that error anyway, and writing it loaded WTForms' own catalogue from disk on every request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "SelectField"  # what templates read to style it

    def pre_validate(self, form):
        if not self.raw_data or not str(self.raw_data[0]).strip():
            return
        super().pre_validate(form)


def _valid(field):
    """A filter's value if it is set and valid; a bad one is left out (and reported on its field)."""
    return field.data if field.data and not field.errors else None


class ProgrammeFilterForm(FlaskForm):
    """The programme's filters, read from the query string (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search"),
        validators=[Optional(), Length(max=SEARCH_MAX, message=lazy_ngettext("Please search with at most %(num)d character.",
                                                                  "Please search with at most %(num)d characters.", SEARCH_MAX)),
                    printable],
    )
    kind = FilterSelect(_l("Kind of event"), validators=[Optional()])
    venue = FilterSelect(_l("Venue"), validators=[Optional()])
    city = FilterSelect(_l("City"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional(), plausible_date])
    date_to = DateField(_l("Until"), validators=[Optional(), plausible_date])
    available = BooleanField(_l("Only with free seats"))
    submit = SubmitField(_l("Show events"))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date must come after the start date."))

    def to_filters(self) -> ProgrammeFilters:
        """The filters that are valid; a bad one is reported on its field and left out."""
        self.validate()
        ok = _valid
        return filters_from({"kind": ok(self.kind), "venue": ok(self.venue), "city": ok(self.city),
                             "date_from": ok(self.date_from), "date_to": ok(self.date_to), "q": ok(self.q),
                             "available": self.available.data})

    def subscription_filters(self) -> dict[str, str]:
        """The filters a calendar subscription keeps (kind, venue, city): dates and words would freeze it."""
        ok = _valid
        return {name: str(value) for name in ("kind", "venue", "city") if (value := ok(self[name]))}

    def active_filters(self) -> list[str]:
        """The filters in use, in words, for the one-line summary above the results (choices filled first)."""
        ok = _valid
        words = []
        if ok(self.q):
            words.append(_("“%(words)s”", words=self.q.data.strip()))
        for field in (self.kind, self.city, self.venue):
            if ok(field):
                words.append(str(dict(field.choices).get(field.data, field.data)))
        start, end = (format_date(d, "d MMMM") if d else None for d in (ok(self.date_from), ok(self.date_to)))
        if start and end:
            words.append(_("from %(start)s to %(end)s", start=start, end=end))
        elif start or end:
            words.append(_("from %(start)s", start=start) if start else _("until %(end)s", end=end))
        if self.available.data:
            words.append(str(self.available.label.text))
        return words


class WheelchairUsersField(SeatsField):
    """How many of the party use a wheelchair: empty counts as none."""

    not_a_number = _l("Please give the number of people in a wheelchair as a whole number, such as 1.")


def wheelchair_users_field() -> WheelchairUsersField:
    """How many of the party use a wheelchair, when booking and when changing the seats."""
    return WheelchairUsersField(
        _l("How many people in a wheelchair?"),
        default=0,
        validators=[Optional(), NumberRange(min=0, message=_l("Please give 0 or more.")),
                    NumberRange(max=SEATS_SHAPE_MAX, message=_l("Please give a smaller number."))],
        description=_l("Count them in the number of seats too: each takes a wheelchair space, "
                       "the people with them take seats."),
        render_kw={"inputmode": "numeric", "min": 0},
    )


class BookingForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(message=_l("Please give your name.")),
            Length(max=NAME_MAX, message=lazy_ngettext("Please keep your name under %(num)d character.",
                                                         "Please keep your name under %(num)d characters.", NAME_MAX)),
            printable,
        ],
        render_kw={"autocomplete": "name", "maxlength": NAME_MAX},
    )
    email = StringField(
        _l("Your email address"),
        validators=[
            DataRequired(message=_l("Please give your email address.")),
            # email_validator also refuses addresses longer than the 254 characters a mailbox may have.
            ValidEmail(message=_l("Please give a valid email address, like name@example.org.")),
        ],
        render_kw={"autocomplete": "email", "type": "email", "inputmode": "email", "spellcheck": "false",
                   "maxlength": EMAIL_MAX},
        description=_l("We send your confirmation and your link to cancel here."),
    )
    seats = SeatsField(
        _l("Number of seats (including you)"),
        default=1,
        validators=[
            InputRequired(message=_l("Please give a number of seats.")),
            NumberRange(min=1, message=_l("Please book at least one seat.")),
            NumberRange(max=SEATS_SHAPE_MAX, message=_l("Please book fewer seats.")),
        ],
        render_kw={"inputmode": "numeric", "min": 1},
    )
    # Asked only when the session has wheelchair spaces (book.html); a companion is one of the seats.
    wheelchair_spaces = wheelchair_users_field()
    access_needs = SelectMultipleField(
        _l("Do you need any of these? (optional)"),
        choices=[(need.value, label) for need, label in ACCESS_NEED_LABELS.items()],
        validators=[Optional()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    accessibility_details = TextAreaField(
        _l("Anything we should know to welcome you? (optional)"),
        validators=[Optional(),
                    Length(max=ANSWER_MAX - 100, message=lazy_ngettext(
                        "Please keep this under %(num)d character.", "Please keep this under %(num)d characters.",
                        ANSWER_MAX - 100)),
                    printable],
    )
    consent = BooleanField(
        _l("I agree that my name and email are kept to manage this booking, as the privacy notice explains."),
        # Short: the summary shows it alone, as a link to the box (_macros.error_summary), not under the long label.
        validators=[DataRequired(message=_l("Tick the box to continue."))],
    )
    # A trap for robots: hidden from people and from screen readers (book.html), so only a script fills it in.
    website = StringField(_l("Leave this field empty"), validators=[Optional()])
    # One per rendered form (see give_nonce): sent twice, it lands on the booking it made the first time.
    nonce = HiddenField()
    submit = SubmitField(_l("Book"))

    questions = ()  # the event's own questions, set by booking_form_for

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.website.data:
            # No hint of the trap; and should a browser have filled it in for a person, they are told.
            log.info("booking form: trap field filled in, nothing booked")
            self.form_errors.append(str(_l("Your booking could not be completed. Please reload the page and try again.")))
            return False
        return valid

    def give_nonce(self) -> None:
        """A fresh one-time nonce for a form about to be shown; kept when the form comes back with one."""
        if not self.nonce.data:
            self.nonce.data = new_secret_token()

    def question_fields(self) -> list:
        return [self[f"question_{q.id}"] for q in self.questions]

    def answers(self) -> dict[str, str]:
        """Answers keyed by question id, as Registration.answers stores them."""
        answers = {}
        for question, field in zip(self.questions, self.question_fields(), strict=True):
            value = field.data.strip() if isinstance(field.data, str) else ""
            if value:
                answers[str(question.id)] = value
        return answers

    def to_request(self, user) -> BookingRequest:
        return BookingRequest(
            name=self.name.data.strip(),
            email=self.email.data.strip(),
            seats=self.seats.data,
            wheelchair_spaces=self.wheelchair_spaces.data or 0,
            locale=str(get_locale() or "fr"),
            accessibility_needs=(self.accessibility_details.data or "").strip(),
            access_needs=tuple(self.access_needs.data or ()),
            consent=bool(self.consent.data),
            answers=self.answers(),
            user_id=user.id if user.is_authenticated else None,
        )

    def service_field_name(self, name: str) -> str:
        """The booking service's name for a field, as this form names it (see ``booking.forms.show_errors``)."""
        if name.startswith("answers."):  # the service names an answer by its question's id
            return f"question_{name.removeprefix('answers.')}"
        return {"accessibility_needs": "accessibility_details"}.get(name, name)


# -- The event's own questions (added per event by booking_form_for) -------------------


def _question_field(question):
    """A form field for one registration question, named ``question_<id>``."""
    required = DataRequired(message=_l("Please answer this question."))
    presence = [required] if question.required else [Optional()]
    # Both marked in words, so nobody has to guess which answers the form cannot go without.
    label = f"{question.label} ({_l('required') if question.required else _l('optional')})"
    if question.kind == QuestionKind.SHORT_TEXT:
        return StringField(label, validators=[*presence, Length(max=question_rules.SHORT_ANSWER_MAX), printable])
    if question.kind == QuestionKind.LONG_TEXT:
        return TextAreaField(label, validators=[*presence, Length(max=question_rules.LONG_ANSWER_MAX), printable])
    choices = [(c, c) for c in question.choices] if question.kind == QuestionKind.CHOICE else [
        (question_rules.YES, _l("Yes")), (question_rules.NO, _l("No"))]
    return SelectField(label, choices=[("", _l("Choose…")), *choices], validators=presence)


def booking_form_for(event) -> type["BookingForm"]:
    """The booking form class for ``event``: BookingForm plus the event's own questions."""
    asked = tuple(event.questions)
    if not asked:
        return BookingForm
    fields = {f"question_{q.id}": _question_field(q) for q in asked}
    return type("EventBookingForm", (BookingForm,), {"questions": asked, **fields})


class AnswerForm(FlaskForm):
    """A button that answers a question from the organisers ("I'm coming", accept, decline): only its CSRF token."""


class CancelForm(FlaskForm):
    submit = SubmitField(_l("Yes, cancel my booking"))


class ChangeSeatsForm(FlaskForm):
    """How many seats a booking should now hold; the booking service decides whether they fit."""

    seats = SeatsField(
        _l("Number of seats"),
        validators=[InputRequired(message=_l("Please give a number of seats.")),
                    NumberRange(min=1, message=_l("Please book at least one seat.")),
                    NumberRange(max=SEATS_SHAPE_MAX, message=_l("Please book fewer seats."))],
        render_kw={"inputmode": "numeric", "min": 1},
    )
    # Asked when the session has wheelchair spaces, or the booking holds some (change_seats.html).
    wheelchair_spaces = wheelchair_users_field()
    submit = SubmitField(_l("Save"))
