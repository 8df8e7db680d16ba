"""Signing in with a link sent by email, and deleting one's own account.

The link is the way in its owner always has, whatever slows down password
guesses: single use, short-lived (``services/email_proof``), asked for on a
page that answers the same for every address.
"""

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from booking import links, settings
from booking.account.blueprint import bp
from booking.account.forms import DeleteAccountForm, ForgotPasswordForm, PostForm
from booking.account.routes import _home_for, _start_session
from booking.extensions import db, limiter
from booking.forms import saving
from booking.limits import EMAIL_RATE_LIMIT, RECIPIENT_RATE_LIMIT, submitted_recipient
from booking.privacy.personal_data import erase_account
from booking.services import account_links


@bp.route("/login/link", methods=["GET", "POST"])
@limiter.limit(EMAIL_RATE_LIMIT, methods=["POST"])
@limiter.limit(RECIPIENT_RATE_LIMIT, methods=["POST"], key_func=submitted_recipient)
def request_sign_in_link():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account_links.request_sign_in_link(form.email.data, _locale(), link=links.sign_in_link,
                                           lifetime=settings.email_link_lifetime())
        db.session.commit()
        # The same answer whether or not the address has an account.
        return render_template("account/check_email.html", email=form.email.data, purpose="sign_in")
    return render_template("account/login_link.html", form=form)


@bp.get("/login/link/<token>")
def open_sign_in_link(token: str):
    # Signing in takes a click (a POST): mail scanners that open links must not spend them.
    account_links.email_proof.check(token, account_links.LinkPurpose.SIGN_IN)
    return render_template("account/open_sign_in_link.html", form=PostForm(), token=token)


@bp.post("/login/link/<token>")
def spend_sign_in_link(token: str):
    user = account_links.sign_in_with_link(token)
    db.session.commit()
    _start_session(user, remember=False)
    flash(_("You are signed in."), "success")
    return redirect(_home_for(user))


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors = [_("Wrong password.")]
        else:
            with saving(form) as saved:
                erase_account(current_user._get_current_object())
            if saved.ok:
                session.clear()
                logout_user()
                flash(_("Your account and your personal data have been erased."), "success")
                return redirect(url_for("public.index"))
    return render_template("account/delete.html", form=form)


def _locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
