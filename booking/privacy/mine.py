"""Everything about one address, once the person proved they read it (``privacy.proof``).

Asking for the link answers the same whether the address is known or not; the
link's GET shows a button (mail scanners open links), its POST spends it and
opens a short proven scope in this browser's session.
"""

from functools import wraps

from flask import current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from booking import links, settings
from booking.extensions import db, limiter
from booking.limits import EMAIL_RATE_LIMIT, RECIPIENT_RATE_LIMIT, submitted_recipient
from booking.models import LinkPurpose
from booking.privacy import proof
from booking.privacy.blueprint import bp
from booking.privacy.forms import ConfirmForm, EmailLinkForm
from booking.privacy.personal_data import erase_person, export_person
from booking.services import accounts, email_proof


def proof_required(view):
    """The page needs a proven address: without one, the page that sends the link."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        key = proof.proven_key()
        if key is None:
            flash(_("To see this page, open the link we send to your email address."), "info")
            return redirect(url_for("privacy.request_link"))
        return view(key, *args, **kwargs)

    return wrapped


@bp.route("/my-data", methods=["GET", "POST"])
@limiter.limit(EMAIL_RATE_LIMIT, methods=["POST"])
@limiter.limit(RECIPIENT_RATE_LIMIT, methods=["POST"], key_func=submitted_recipient)
def request_link():
    form = EmailLinkForm()
    if form.validate_on_submit():
        email_proof.request_link(form.email.data, LinkPurpose.MY_DATA, _locale(), link=links.my_data_link,
                                  lifetime=settings.email_link_lifetime())
        db.session.commit()
        # The same answer whether or not Guichet holds anything about this address.
        return render_template("privacy/check_email.html", email=form.email.data, known=False)
    return render_template("privacy/request_link.html", form=form, proven=proof.proven_key() is not None)


@bp.get("/my-data/link/<token>")
def open_link(token: str):
    email_proof.check(token, LinkPurpose.MY_DATA)
    return render_template("privacy/open_link.html", form=ConfirmForm(), token=token)


@bp.post("/my-data/link/<token>")
def spend_link(token: str):
    key = email_proof.spend(token, LinkPurpose.MY_DATA)
    db.session.commit()
    proof.open_scope(key)
    return redirect(url_for("privacy.mine"))


@bp.get("/my-data/bookings")
@proof_required
def mine(key: str):
    upcoming, past = accounts.bookings_of_email(key)
    account = accounts.find_user(key)
    signed_in_owner = current_user.is_authenticated and account is not None and current_user.id == account.id
    return render_template("privacy/mine.html", upcoming=upcoming, past=past, has_account=account is not None,
                           signed_in_owner=signed_in_owner, form=ConfirmForm())


@bp.get("/my-data/all.json")
@proof_required
def download_all(key: str):
    response = jsonify(export_person(key))
    response.headers["Content-Disposition"] = 'attachment; filename="guichet-my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/my-data/erase", methods=["GET", "POST"])
@proof_required
def erase_all(key: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        erase_person(key)
        db.session.commit()
        proof.close_scope()
        flash(_("Your personal data has been erased. Your upcoming bookings were cancelled."), "success")
        return redirect(url_for("public.index"))
    return render_template("privacy/erase_all.html", form=form, has_account=accounts.find_user(key) is not None)


def _locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
