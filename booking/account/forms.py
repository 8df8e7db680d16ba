"""Account forms: they check shape; the accounts services check policy (password rules, ...)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from booking.services.accounts import NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from booking.services.email_address import EMAIL_MAX_LENGTH
from booking.validators import ValidEmail

_PASSWORD_HELP = lazy_ngettext("At least %(num)d character. A short sentence is easy to remember and hard to guess.",
                              "At least %(num)d characters. A short sentence is easy to remember and hard to guess.",
                              PASSWORD_MIN_LENGTH)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _email_field():
    return EmailField(_l("Email address"), validators=[DataRequired(), Length(max=EMAIL_MAX_LENGTH), ValidEmail()],
                      filters=[_strip], render_kw={"autocomplete": "email"})


def _new_password_fields():
    password = PasswordField(_l("New password"), description=_PASSWORD_HELP,
                             validators=[DataRequired(), Length(max=PASSWORD_MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", _l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})
    return password, confirm


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=PASSWORD_MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Remember me on this device"))
    submit = SubmitField(_l("Sign in"))


class SignUpForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=NAME_MAX_LENGTH)],
                       render_kw={"autocomplete": "name"})
    email = _email_field()
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Create my account"))


class ForgotPasswordForm(FlaskForm):
    email = _email_field()
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Save my new password"))


class PostForm(FlaskForm):
    """A button that only needs its CSRF token (sign out, send the link again)."""


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=PASSWORD_MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Delete my account"))


class ApiTokenForm(FlaskForm):
    """A new API token: only its name (what it is for), shown on the account page."""

    name = StringField(_l("Name of the token"), validators=[DataRequired(), Length(max=120)], filters=[_strip],
                       description=_l("What it is for, so you know which one to revoke: “JAD website”, “my script”."))
