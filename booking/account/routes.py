"""Signing in and out, and a citizen's own bookings."""

import hashlib

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from booking import database, links
from booking.account.forms import ForgotPasswordForm, LoginForm, PostForm, ResetPasswordForm, SignUpForm
from booking.auth import safe_next
from booking.extensions import db, limiter
from booking.forms import saving, show_errors
from booking.i18n import LANGUAGE_SESSION_KEY
from booking.services import account_links, accounts
from booking.services.account_links import InvalidLink
from booking.services.accounts import AccountError

bp = Blueprint("account", __name__, url_prefix="/account")

SIGN_IN_RATE_LIMIT = "10 per minute; 50 per hour"  # per address: a library's computers share one
# Per account, whatever the address: guessing one person's password from many machines stays slow.
# Only failed attempts count, so the person themselves is never kept out by signing in often.
ACCOUNT_SIGN_IN_RATE_LIMIT = "10 per 15 minutes"
EMAIL_RATE_LIMIT = "5 per minute; 20 per hour"  # each one sends an email


def _submitted_account() -> str:
    """The rate-limit key of the account a sign-in names (hashed: the limiter's store holds no email)."""
    email = (request.form.get("email") or "").strip().lower()
    return "sign-in:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _sign_in_failed(response) -> bool:
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_RATE_LIMIT, methods=["POST"])
@limiter.limit(ACCOUNT_SIGN_IN_RATE_LIMIT, methods=["POST"], key_func=_submitted_account, deduct_when=_sign_in_failed)
def login():
    target = safe_next(request.args.get("next"))
    form = LoginForm()
    if form.validate_on_submit():
        # Reading only: scrypt is slow, and must not hold SQLite's write lock meanwhile.
        with database.read_only():
            user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            _start_session(user, remember=form.remember.data)
            return redirect(target or _home_for(user))
        # One message for every failure: it must not tell which addresses have an account.
        form.form_errors.append(_("Wrong email address or password."))
    elif request.method == "GET" and current_user.is_authenticated:
        return redirect(target or _home_for(current_user))
    return render_template("account/login.html", form=form)


@bp.post("/logout")
def logout():
    # A POST (so a link or image on another site cannot sign anyone out), checked by CSRFProtect.
    language = session.get(LANGUAGE_SESSION_KEY)
    session.clear()
    logout_user()  # after clear(): it leaves the order to delete the remember cookie
    if language:
        session[LANGUAGE_SESSION_KEY] = language
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(EMAIL_RATE_LIMIT, methods=["POST"])
def signup():
    form = SignUpForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            account_links.sign_up(name=form.name.data, email=form.email.data, password=form.password.data,
                                  locale=_locale(), verification_link=links.verification_link,
                                  password_link=links.password_link)
        if saved.ok:
            return render_template("account/check_email.html", email=form.email.data, purpose="signup")
    return render_template("account/signup.html", form=form)


@bp.get("/verify/<token>")
def verify_email(token: str):
    # Confirming takes a click (a POST): mail scanners that open links must not confirm for the person.
    return render_template("account/verify.html", form=PostForm(), token=token)


@bp.post("/verify/<token>")
def confirm_email(token: str):
    try:
        account_links.verify_email(token)
    except InvalidLink as error:
        db.session.rollback()
        return render_template("account/invalid_link.html", message=error.message), 400
    db.session.commit()
    flash(_("Thank you, your email address is confirmed."), "success")
    return redirect(url_for("account.bookings") if current_user.is_authenticated else url_for("account.login"))


@bp.post("/verify")
@limiter.limit(EMAIL_RATE_LIMIT)
@login_required
def resend_verification():
    if current_user.email_verified_at is None:
        account_links.send_verification(current_user, _locale(), link=links.verification_link)
        db.session.commit()
    flash(_("We have sent you a new link. Please check your email."), "info")
    return redirect(url_for("account.bookings"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(EMAIL_RATE_LIMIT, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account_links.request_password_reset(form.email.data, _locale(), link=links.password_link)
        db.session.commit()
        # The same answer whether or not the address has an account.
        return render_template("account/check_email.html", email=form.email.data, purpose="reset")
    return render_template("account/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = account_links.reset_password(token, form.password.data)
        except InvalidLink as error:
            db.session.rollback()
            return render_template("account/invalid_link.html", message=error.message), 400
        except AccountError as error:
            db.session.rollback()
            show_errors(form, error)
        else:
            db.session.commit()
            _start_session(user, remember=False)
            flash(_("Your new password is saved. You are signed in."), "success")
            return redirect(_home_for(user))
    elif request.method == "GET":
        try:
            account_links.user_for_reset_token(token)
        except InvalidLink as error:
            return render_template("account/invalid_link.html", message=error.message), 400
    return render_template("account/reset_password.html", form=form)


@bp.get("/bookings")
@login_required
def bookings():
    upcoming, past = accounts.bookings_of(current_user)
    return render_template("account/bookings.html", upcoming=upcoming, past=past, form=PostForm())


@bp.app_context_processor
def account_nav_helpers():
    return {"has_endpoint": lambda name: name in current_app.view_functions}


def _start_session(user, *, remember: bool) -> None:
    """Sign ``user`` in on a fresh session (only the language choice survives)."""
    language = session.get(LANGUAGE_SESSION_KEY)
    session.clear()
    if language:
        session[LANGUAGE_SESSION_KEY] = language
    login_user(user, remember=remember)


def _home_for(user) -> str:
    if user.is_organiser and "organiser.index" in current_app.view_functions:
        return url_for("organiser.index")
    return url_for("account.bookings")


def _locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


# The views register themselves on ``bp``.
from booking.account import email_links  # noqa: E402, F401
