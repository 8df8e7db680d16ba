"""The account page: who is signed in, signing out on every other device, and an organiser's API tokens."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from booking.account.blueprint import bp
from booking.account.forms import ApiTokenForm, PostForm
from booking.account.routes import _start_session
from booking.extensions import db
from booking.forms import saving
from booking.services import api_tokens

ID = "int(max=2147483647)"


@bp.get("/")
@login_required
def index():
    return _account_page(ApiTokenForm(formdata=None))


def _account_page(token_form: ApiTokenForm, new_secret: str | None = None, status: int = 200):
    user = current_user._get_current_object()
    tokens = api_tokens.list_tokens(user) if user.is_organiser else []
    return render_template("account/index.html", form=PostForm(), token_form=token_form, tokens=tokens,
                           new_secret=new_secret), status


@bp.post("/api-tokens")
@login_required
def create_api_token():
    """A new token, shown once on the page that answers (never stored, never put in a cookie or a redirect)."""
    if not current_user.is_organiser:
        abort(403)
    form = ApiTokenForm()
    if form.validate_on_submit():
        secret = None
        with saving(form) as saved:
            _token, secret = api_tokens.create_token(current_user._get_current_object(), form.name.data)
        if saved.ok:
            page, status = _account_page(ApiTokenForm(formdata=None), new_secret=secret)
            return page, status, {"Cache-Control": "no-store"}
    return _account_page(form, status=422)


@bp.post(f"/api-tokens/<{ID}:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    if not current_user.is_organiser:
        abort(403)
    with saving() as saved:
        token = api_tokens.revoke_token(current_user._get_current_object(), token_id)
    if saved.ok:
        flash(_("The token “%(name)s” is revoked: it no longer opens the API.", name=token.label or token.id),
              "success")
    return redirect(url_for("account.index", _anchor="api-tokens"), 303)


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
