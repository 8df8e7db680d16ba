"""Public forms: they check shape; the booking service checks policy."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from booking.models import EventKind
from booking.services.bookings import BookingRequest

ACCESSIBILITY_CHOICES = [
    ("wheelchair", _l("Wheelchair space")),
    ("sign_language", _l("French sign language (LSF)")),
    ("audio_description", _l("Audio description")),
    ("other", _l("Other (tell us below)")),
]


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


KIND_LABELS = {
    EventKind.TALK: _l("Talk"),
    EventKind.DEBATE: _l("Debate"),
    EventKind.GUIDED_TOUR: _l("Guided tour"),
    EventKind.WORKSHOP: _l("Workshop"),
    EventKind.SCREENING: _l("Screening"),
    EventKind.SHOW: _l("Show"),
    EventKind.OTHER: _l("Other"),
}


class ProgrammeFilterForm(FlaskForm):
    """The programme's filters, read from the query string (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Kind of event"), validators=[Optional()])
    venue = SelectField(_l("Venue"), validators=[Optional()])
    city = SelectField(_l("City"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("Until"), validators=[Optional()])
    available = BooleanField(_l("Only with free seats"))
    submit = SubmitField(_l("Show events"))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date must come after the start date."))


class BookingForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)], render_kw={"autocomplete": "name"})
    email = StringField(
        _l("Your email address"),
        validators=[DataRequired(), Length(max=254), Email(message=_l("Please give a valid email address."))],
        render_kw={"autocomplete": "email", "type": "email", "inputmode": "email"},
        description=_l("We send your confirmation and your link to cancel here."),
    )
    seats = IntegerField(
        _l("Number of seats"),
        default=1,
        validators=[InputRequired(message=_l("Please give a number of seats.")), NumberRange(min=1, max=100)],
        render_kw={"inputmode": "numeric", "min": 1},
    )
    accessibility = SelectField(
        _l("Accessibility needs (optional)"),
        choices=[("", _l("None"))] + ACCESSIBILITY_CHOICES,
        validators=[Optional()],
        validate_choice=True,
    )
    accessibility_details = TextAreaField(
        _l("Anything we should know to welcome you? (optional)"), validators=[Optional(), Length(max=1000)]
    )
    consent = BooleanField(
        _l("I agree that my name and email are kept to manage this booking, as the privacy notice explains."),
        validators=[DataRequired(message=_l("Please accept the privacy notice to book."))],
    )
    submit = SubmitField(_l("Book"))

    def to_request(self, user) -> BookingRequest:
        needs = dict(ACCESSIBILITY_CHOICES).get(self.accessibility.data)
        details = (self.accessibility_details.data or "").strip()
        return BookingRequest(
            name=self.name.data,
            email=self.email.data,
            seats=self.seats.data,
            locale=str(get_locale() or "fr"),
            accessibility_needs=" — ".join(str(part) for part in (needs, details) if part),
            consent=bool(self.consent.data),
            user_id=user.id if user.is_authenticated else None,
        )


class CancelForm(FlaskForm):
    submit = SubmitField(_l("Yes, cancel my booking"))
