"""Privacy forms: they check shape; the services decide what is sent and erased."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired, Length

from booking.services.email_address import EMAIL_MAX_LENGTH
from booking.validators import ValidEmail


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class EmailLinkForm(FlaskForm):
    email = EmailField(
        _l("Your email address"),
        validators=[DataRequired(message=_l("Please give your email address.")), Length(max=EMAIL_MAX_LENGTH),
                    ValidEmail(message=_l("Please give a valid email address, like name@example.org."))],
        filters=[_strip],
        render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Send me a link"))


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token."""

    submit = SubmitField()
