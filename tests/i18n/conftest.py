"""Apps that speak the French catalogue as it is in the repository, compiled afresh for the test run."""

import flask_babel
import pytest

from booking.extensions import babel
from tests.i18n.catalogue import TRANSLATIONS, compile_catalogues


@pytest.fixture(scope="session")
def compiled_translations(tmp_path_factory):
    return compile_catalogues(TRANSLATIONS, tmp_path_factory.mktemp("translations"))


@pytest.fixture
def app_config(compiled_translations):
    return {"BABEL_TRANSLATION_DIRECTORIES": str(compiled_translations)}


@pytest.fixture
def client(app):
    """A browser that says nothing of its languages (no Accept-Language)."""
    # Requests here share the test's app context, where Flask-Babel keeps the locale it chose:
    # make each request choose again, as each does in production (one app context per request).
    app.before_request(flask_babel.refresh)
    return app.test_client()


@pytest.fixture(autouse=True)
def _catalogues_of_this_app(request):
    # Flask-Babel caches catalogues on the Babel object every app shares: forget them before and after,
    # so this app reads the compiled ones and later tests read their own.
    if "app" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("app")
    babel.domain_instance.cache.clear()
    yield
    babel.domain_instance.cache.clear()
