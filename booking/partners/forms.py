"""The partner's forms: they check shape; the booking service checks the allocation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from booking.public.forms import SEATS_SHAPE_MAX, SeatsField, WheelchairUsersField, printable
from booking.services.bookings import EMAIL_MAX, NAME_MAX
from booking.validators import ValidEmail


class PartnerBookingForm(FlaskForm):
    name = StringField(_l("Name of the person"), validators=[DataRequired(), Length(max=NAME_MAX), printable],
                       render_kw={"autocomplete": "off"})
    email = StringField(_l("Their email (optional)"), validators=[Optional(), Length(max=EMAIL_MAX), ValidEmail()],
                        render_kw={"type": "email", "inputmode": "email", "autocomplete": "off"},
                        description=_l("With an email, they get the confirmation and a reminder. Without one, "
                                       "nobody is written to: print the list."))
    phone = StringField(_l("Their phone (optional)"), validators=[Optional(), Length(max=40), printable],
                        render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "off"})
    seats = SeatsField(_l("Number of seats"), default=1, description=_l("The person and whoever comes with them."),
                         validators=[InputRequired(), NumberRange(min=1, max=SEATS_SHAPE_MAX)],
                         render_kw={"inputmode": "numeric"})
    # Shown only when the date has wheelchair spaces (invite.html).
    wheelchair_spaces = WheelchairUsersField(
        _l("How many of them in a wheelchair?"), default=0,
        validators=[Optional(), NumberRange(min=0, message=_l("Please give 0 or more.")),
                    NumberRange(max=SEATS_SHAPE_MAX, message=_l("Please give a smaller number."))],
        description=_l("Count them in the number of seats too: each takes a wheelchair space, "
                       "the people with them take seats."),
        render_kw={"inputmode": "numeric", "min": 0})
    submit = SubmitField(_l("Book"))


class PartnerChangeForm(FlaskForm):
    name = StringField(_l("Name of the person"), validators=[DataRequired(), Length(max=NAME_MAX), printable])
    seats = SeatsField(_l("Number of seats"), validators=[InputRequired(), NumberRange(min=1, max=SEATS_SHAPE_MAX)],
                         render_kw={"inputmode": "numeric"})
    submit = SubmitField(_l("Save"))


class PartnerCancelForm(FlaskForm):
    submit = SubmitField(_l("Cancel this booking"))
