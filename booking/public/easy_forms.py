"""The easy-to-read booking form, one question per step: each step is its own small form.

They check shape only, as the full form does; the booking service checks the rules. Every text is an
easy-to-read one (context "easy"): short sentences, everyday words (tests/i18n/test_easy_read_texts.py).
"""

from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from booking.models import AccessNeed, new_secret_token
from booking.public.forms import _question_field, printable
from booking.services.bookings import ANSWER_MAX, EMAIL_MAX, NAME_MAX
from booking.validators import ValidEmail


class EasyStepForm(FlaskForm):
    submit = SubmitField(lazy_pgettext("easy", "Next"))


class NameStep(EasyStepForm):
    name = StringField(
        lazy_pgettext("easy", "Your name"),
        validators=[DataRequired(message=lazy_pgettext("easy", "Please write your name.")),
                    Length(max=NAME_MAX, message=lazy_pgettext("easy", "Your name is too long. Please write a shorter name.")),
                    printable],
        render_kw={"autocomplete": "name", "maxlength": NAME_MAX},
        description=lazy_pgettext("easy", "Write your first name and your last name."),
    )


class EmailStep(EasyStepForm):
    email = StringField(
        lazy_pgettext("easy", "Your email address"),
        validators=[DataRequired(message=lazy_pgettext("easy", "Please write your email address.")),
                    ValidEmail(message=lazy_pgettext("easy", "This email address is not right. Look at it again. "
                                          "An email address looks like this: name@example.org"))],
        render_kw={"autocomplete": "email", "type": "email", "inputmode": "email", "spellcheck": "false",
                   "maxlength": EMAIL_MAX},
        description=lazy_pgettext("easy", "We send you an email. The email says that you have a place."),
    )


class SeatsStep(EasyStepForm):
    """How many places: a choice among the numbers the session allows (set by the view), not a number to type."""

    seats = RadioField(lazy_pgettext("easy", "How many places do you want?"), coerce=int,
                       validators=[InputRequired(message=lazy_pgettext("easy", "Please choose a number of places."))],
                       description=lazy_pgettext("easy", "Count yourself too."))


WHEELCHAIR = "wheelchair"
# The one need each easy choice stands for, stored as a code as the full form's boxes are.
EASY_NEED_CODES = {"sign_language": AccessNeed.SIGN_LANGUAGE, "audio_description": AccessNeed.AUDIO_DESCRIPTION,
                   "other": AccessNeed.OTHER, WHEELCHAIR: AccessNeed.STEP_FREE_ACCESS}


def easy_needs(choice: str, details: str, *, has_wheelchair_spaces: bool) -> dict:
    """What the needs step asks the booking service for: codes, and in the person's words the rest.

    Someone coming in a wheelchair takes one of the session's wheelchair spaces when it has
    any (the others in the party take seats); else the need is told as step-free access.
    """
    wheelchair = choice == WHEELCHAIR and has_wheelchair_spaces
    code = None if wheelchair else EASY_NEED_CODES.get(choice)
    return {"wheelchair_spaces": 1 if wheelchair else 0, "access_needs": (code.value,) if code else (),
            "accessibility_needs": (details or "").strip()}


class NeedsStep(EasyStepForm):
    # Stored as codes (easy_needs), shown here in easy words.
    accessibility = RadioField(
        lazy_pgettext("easy", "Do you need help to come?"),
        choices=[("", lazy_pgettext("easy", "No, I do not need help.")),
                 (WHEELCHAIR, lazy_pgettext("easy", "Yes. I come in a wheelchair.")),
                 ("sign_language", lazy_pgettext("easy", "Yes. I need sign language.")),
                 ("audio_description", lazy_pgettext("easy", "Yes. I need audio description.")),
                 ("other", lazy_pgettext("easy", "Yes. I need other help."))],
        default="", validators=[Optional()])
    details = TextAreaField(
        lazy_pgettext("easy", "Tell us what you need. You can leave this empty."),
        validators=[Optional(), Length(max=ANSWER_MAX - 100, message=lazy_pgettext("easy", "This text is too long. "
                                                                        "Please write less.")), printable])

    def needs(self) -> str:
        """What was answered, in the easy words of the step, for the last step's summary."""
        chosen = dict(self.accessibility.choices).get(self.accessibility.data) if self.accessibility.data else None
        details = (self.details.data or "").strip()
        return " — ".join(str(part) for part in (chosen, details) if part)


class ConfirmStep(FlaskForm):
    consent = BooleanField(lazy_pgettext("easy", "I agree. Guichet keeps my name and my email for this booking."),
                           validators=[DataRequired(message=lazy_pgettext("easy", "Please tick the box."))])
    # The robots' trap of the full form (BookingForm.website), and its one-time nonce (see give_nonce).
    website = StringField(lazy_pgettext("easy", "Leave this field empty"), validators=[Optional()])
    nonce = HiddenField()
    submit = SubmitField(lazy_pgettext("easy", "Book"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.website.data:
            self.form_errors.append(str(lazy_pgettext("easy", "Your booking did not work. Please try again.")))
            return False
        return valid

    def give_nonce(self) -> None:
        if not self.nonce.data:
            self.nonce.data = new_secret_token()


def question_step(question) -> type[EasyStepForm]:
    """A step for one of the event's own questions, asked as the organisers wrote it."""
    return type("QuestionStep", (EasyStepForm,), {"answer": _question_field(question)})
