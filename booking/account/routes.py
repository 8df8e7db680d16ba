"""Signing in and out, and a citizen's own bookings."""

import hashlib

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import TooManyRequests

from booking import database, links, settings
from booking.account.blueprint import bp
from booking.account.forms import ForgotPasswordForm, LoginForm, PostForm, ResetPasswordForm, SignUpForm
from booking.auth import safe_next
from booking.extensions import db, limiter
from booking.forms import saving
from booking.i18n import LANGUAGE_SESSION_KEY
from booking.limits import EMAIL_RATE_LIMIT, RECIPIENT_RATE_LIMIT, submitted_recipient
from booking.models import normalise_email
from booking.services import account_links, accounts, sign_in

SIGN_IN_RATE_LIMIT = "10 per minute; 50 per hour"  # per address: a library's computers share one
# Per account from one address: a guesser there is stopped, while the owner elsewhere is not affected. Only
# wrong passwords count. Across addresses, each account has a growing delay instead (services/sign_in.py).
ACCOUNT_AND_ADDRESS_SIGN_IN_RATE_LIMIT = "5 per 15 minutes"


def _submitted_account_and_address() -> str:
    """The rate-limit key of the account a sign-in names, from this address (hashed: the store holds no email)."""
    pair = f"{normalise_email(request.form.get('email') or '')}|{get_remote_address()}"
    return "sign-in:" + hashlib.sha256(pair.encode()).hexdigest()[:32]


def _wrong_password(_response) -> bool:
    return g.get("wrong_password", False)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_RATE_LIMIT, methods=["POST"])
@limiter.limit(ACCOUNT_AND_ADDRESS_SIGN_IN_RATE_LIMIT, methods=["POST"], key_func=_submitted_account_and_address,
               deduct_when=_wrong_password)
def login():
    target = safe_next(request.args.get("next"))
    form = LoginForm()
    if form.validate_on_submit():
        user = _check_password(form.email.data, form.password.data)
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
    if current_user.is_authenticated:
        # A new nonce: this session's cookie, and its remember cookie, are refused from now on, even if copied.
        current_user.end_every_session()
        db.session.commit()
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
                                  password_link=links.password_link, secret_key=settings.signing_key())
        if saved.ok:
            return render_template("account/check_email.html", email=form.email.data, purpose="signup")
    return render_template("account/signup.html", form=form)


@bp.get("/verify/<token>")
def verify_email(token: str):
    # Confirming takes a click (a POST): mail scanners that open links must not confirm for the person.
    return render_template("account/verify.html", form=PostForm(), token=token)


@bp.post("/verify/<token>")
def confirm_email(token: str):
    account_links.verify_email(token, secret_key=settings.signing_key())
    db.session.commit()
    flash(_("Thank you, your email address is confirmed."), "success")
    return redirect(url_for("account.bookings") if current_user.is_authenticated else url_for("account.login"))


@bp.post("/verify")
@limiter.limit(EMAIL_RATE_LIMIT)
@login_required
def resend_verification():
    if current_user.email_verified_at is None:
        account_links.send_verification(current_user, _locale(), link=links.verification_link, secret_key=settings.signing_key())
        db.session.commit()
    flash(_("We have sent you a new link. Please check your email."), "info")
    return redirect(url_for("account.bookings"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(EMAIL_RATE_LIMIT, methods=["POST"])
@limiter.limit(RECIPIENT_RATE_LIMIT, methods=["POST"], key_func=submitted_recipient)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account_links.request_password_reset(form.email.data, _locale(), link=links.password_link,
                                             secret_key=settings.signing_key())
        db.session.commit()
        # The same answer whether or not the address has an account.
        return render_template("account/check_email.html", email=form.email.data, purpose="reset")
    return render_template("account/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            user = account_links.reset_password(token, form.password.data, secret_key=settings.signing_key())
        if saved.ok:
            _start_session(user, remember=False)
            flash(_("Your new password is saved. You are signed in."), "success")
            return redirect(_home_for(user))
    elif request.method == "GET":
        account_links.user_for_reset_token(token, secret_key=settings.signing_key())
    return render_template("account/reset_password.html", form=form)


@bp.get("/bookings")
@login_required
def bookings():
    upcoming, past = accounts.bookings_of(current_user)
    return render_template("account/bookings.html", upcoming=upcoming, past=past, form=PostForm())


def _start_session(user, *, remember: bool) -> None:
    """Sign ``user`` in on a fresh session (only the language choice survives)."""
    language = session.get(LANGUAGE_SESSION_KEY)
    session.clear()
    if language:
        session[LANGUAGE_SESSION_KEY] = language
    login_user(user, remember=remember)


def _check_password(email: str, password: str):
    """The account, or None after a wrong password (counted); a 429 while the account's delay runs."""
    # Reading only: scrypt is slow, and must not hold SQLite's write lock meanwhile.
    with database.read_only():
        wait = sign_in.seconds_before_next_attempt(email, settings.signing_key())
        user = None if wait else accounts.authenticate(email, password)
        db.session.rollback()  # ends the read: the count below is a short write of its own
    if wait:
        # Retry-After is the account's delay: the limiter must not replace it with one of its windows.
        limiter.context.view_rate_limit = None
        raise TooManyRequests(retry_after=wait)
    if user is None:
        sign_in.record_failure(email, settings.signing_key())
        g.wrong_password = True
    else:
        sign_in.forget_failures(email, settings.signing_key())
    db.session.commit()
    return user


def _home_for(user) -> str:
    if user.is_organiser:
        return url_for("organiser.index")
    return url_for("account.bookings")


def _locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])

