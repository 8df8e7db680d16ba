"""Which language a page speaks: the person's choice, then the browser's, then French."""

from flask import current_app, request, session

LANGUAGE_SESSION_KEY = "language"


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name for "translate later")
    """Mark ``message`` for the catalogue where it is written; it is translated where it is shown."""
    return message


def select_locale() -> str:
    """``?lang=`` (API clients, calendar subscriptions), then the person's choice, the browser's, French."""
    languages = current_app.config["LANGUAGES"]
    if _has_request() and request.args.get("lang") in languages:
        return request.args["lang"]
    chosen = session.get(LANGUAGE_SESSION_KEY) if _has_request() else None
    if chosen in languages:
        return chosen
    if _has_request():
        return request.accept_languages.best_match(languages) or languages[0]
    return languages[0]


def _has_request() -> bool:
    from flask import has_request_context

    return has_request_context()
