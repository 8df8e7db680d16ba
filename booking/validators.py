"""WTForms validators every blueprint's forms share."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from booking.services.email_address import is_valid_email


class ValidEmail:
    """The form side of ``is_valid_email``: a form accepts exactly the addresses the services accept.

    Without ``message`` it says what the services say of a bad address, so a page and the command line agree.
    """

    def __init__(self, message: str | None = None):
        self.message = message or _l("Please give a valid email address.")

    def __call__(self, form, field) -> None:
        if not is_valid_email(field.data):
            raise ValidationError(str(self.message))
