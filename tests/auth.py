"""Signing in, for every suite: through the real sign-in form, as a person does.

One way only, so no test leans on Flask-Login's private session keys (``_user_id``, ``_id``)
and every signed-in test also walks the sign-in a person walks (fresh session, fingerprint).
"""

import re

PASSWORD = "correct horse battery"  # the builders' default password


def sign_in(client, email: str, password: str = PASSWORD, *, remember: bool = False, next: str | None = None):
    """Post the sign-in form (with its CSRF token when the app checks them); the response says how it went."""
    data = {"email": email, "password": password}
    if client.application.config.get("WTF_CSRF_ENABLED", True):
        data["csrf_token"] = _csrf_token_of(client.get("/account/login").get_data(as_text=True))
    if remember:
        data["remember"] = "y"
    return client.post("/account/login", query_string={"next": next} if next else None, data=data)


def sign_in_as(client, user, password: str = PASSWORD):
    """Sign ``user`` in on ``client`` (made by the builders, so with their password); fails loudly if refused."""
    response = sign_in(client, user.email, password)
    assert response.status_code == 302, f"sign-in refused for {user.email}"
    assert signed_in_user_id(client) == str(user.id)
    return client


def sign_out(client):
    return client.post("/account/logout")


def signed_in_user_id(client) -> str | None:
    """The id of the account the client's session is signed in to (the session holds "id:fingerprint")."""
    with client.session_transaction() as session:
        held = session.get("_user_id")
    return held.partition(":")[0] if held else None


_CSRF_TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+(")')


def without_csrf_tokens(html: str) -> str:
    """The page with its CSRF tokens blanked, to compare two answers: a token carries the second it was made, so
    two pages made either side of a second differ there and nowhere else."""
    return _CSRF_TOKEN.sub(r"\1-\2", html)


def _csrf_token_of(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the sign-in page"
    return match.group(1)
