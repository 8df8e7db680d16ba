"""The account page: who is signed in, and signing out on every other device."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from booking.account.blueprint import bp
from booking.account.forms import PostForm
from booking.account.routes import _start_session
from booking.extensions import db


@bp.get("/")
@login_required
def index():
    return render_template("account/index.html", form=PostForm())


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    # A POST checked by CSRFProtect. A new nonce refuses every cookie issued before (a lost phone, a
    # library's computer); this browser then gets a fresh session, remembered if it was before.
    user = current_user._get_current_object()
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    user.end_every_session()
    db.session.commit()
    _start_session(user, remember=remembered)
    flash(_("You are signed out on every other device. You are still signed in here."), "success")
    return redirect(url_for("account.index"), 303)
