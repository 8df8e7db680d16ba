"""Admin forms: they check shape; booking.services.accounts and .events check the rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from booking.models import KindIcon, Role
from booking.services import kinds
from booking.services.accounts import NAME_MAX_LENGTH
from booking.services.bookings import timeline
from booking.services.email_address import EMAIL_MAX_LENGTH
from booking.validators import ValidEmail

ROLE_LABELS = {
    Role.CITIZEN: _l("Citizen"),
    Role.ORGANISER: _l("Organiser"),
    Role.ADMIN: _l("Admin"),
}
ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


class TeamChoices(SelectMultipleField):
    """Teams as a list of checkboxes; the view fills ``choices`` with (id, name)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, **kwargs):
        super().__init__(label or _l("Teams"), coerce=int, validate_choice=True, **kwargs)


class TeamForm(FlaskForm):
    name = StringField(_l("Team name"), validators=[DataRequired(), Length(max=120)])


class TeamContactForm(FlaskForm):
    contact_email = EmailField(
        _l("Contact address"), validators=[Optional(), Length(max=EMAIL_MAX_LENGTH), ValidEmail()],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description=_l("Replies to the team's messages to attendees go here. Leave empty for none."))


class TeamReconfirmForm(FlaskForm):
    reconfirm_days_before = IntegerField(
        _l("Ask booked people to reconfirm, days before (optional)"),
        validators=[Optional(), NumberRange(min=timeline.RECONFIRM_DAYS_MIN, max=timeline.RECONFIRM_DAYS_MAX)],
        render_kw={"inputmode": "numeric"},
        description=_l("What the team's new sessions take, unless the organiser changes it. Empty: nobody is asked."))


class MemberForm(FlaskForm):
    email = EmailField(_l("Email address of the organiser"),
                       validators=[DataRequired(), Length(max=EMAIL_MAX_LENGTH), ValidEmail()])
    role = SelectField(_l("Role in the team"), default="organiser",
                       choices=[("organiser", _l("Organiser")),
                                ("door", _l("At the door only: checks people in at the team's sessions of the day"))])


class VenueForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    address = StringField(_l("Address"), validators=[DataRequired(), Length(max=255)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=120)])
    timezone = StringField(_l("Time zone"), default="Europe/Paris", validators=[DataRequired(), Length(max=64)],
                           description=_l("For example Europe/Paris, or America/Cayenne for French Guiana."))
    accessibility_notes = TextAreaField(_l("Accessibility"), validators=[Optional(), Length(max=2000)],
                                        description=_l("Step-free access, lifts, seats, toilets, induction loop..."))


class AccountForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_MAX_LENGTH)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=EMAIL_MAX_LENGTH), ValidEmail()],
                       description=_l("The person receives a link there to choose their password."))
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.ORGANISER.value)
    teams = TeamChoices()


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class TeamsForm(FlaskForm):
    teams = TeamChoices()


class AccountSearchForm(FlaskForm):
    """Filters of the accounts list, read from the query string (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name or email"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Role"), choices=[("", _l("All roles")), *ROLE_CHOICES], validators=[Optional()])


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token (remove a member, deactivate...)."""


# What each pictogram shows, in words: the choice is made by reading, not by seeing the picture alone.
ICON_LABELS = {
    KindIcon.MICROPHONE: _l("Microphone"),
    KindIcon.SPEECH: _l("Speech bubbles"),
    KindIcon.FLAG: _l("Flag"),
    KindIcon.SCISSORS: _l("Scissors"),
    KindIcon.FILM: _l("Film strip"),
    KindIcon.STAR: _l("Star"),
    KindIcon.DOTS: _l("Three dots"),
    KindIcon.MUSIC: _l("Musical note"),
    KindIcon.BOOK: _l("Open book"),
    KindIcon.FRAME: _l("Picture frame"),
    KindIcon.PALETTE: _l("Paint palette"),
    KindIcon.PEOPLE: _l("People"),
}


class KindForm(FlaskForm):
    """A kind of event: names and pictogram (the code is asked only when it is created: see NewKindForm)."""

    name_fr = StringField(_l("Name in French"), validators=[DataRequired(), Length(max=kinds.NAME_MAX)],
                          render_kw={"lang": "fr"})
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=kinds.NAME_MAX)],
                          render_kw={"lang": "en"}, description=_l("Left empty, the French name is shown."))
    icon = RadioField(_l("Pictogram"), choices=[(icon.value, label) for icon, label in ICON_LABELS.items()],
                      default=KindIcon.DOTS.value, validators=[DataRequired()])
    active = BooleanField(_l("Offered for new events"), default=True)


class NewKindForm(KindForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=kinds.CODE_MAX)],
                       description=_l("How the API and calendar filters name it, e.g. concert. "
                                      "Small letters, digits and _; it cannot be changed later."))


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])
