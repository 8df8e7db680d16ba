"""Without Chromium the browser tests skip and say how to get it; under CI they fail instead."""

import pytest

from tests.browser.conftest import require_chromium


def test_without_chromium_the_browser_tests_skip_saying_how_to_enable_them():
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        require_chromium(None, in_ci=False)


def test_without_chromium_under_ci_the_browser_tests_fail():
    with pytest.raises(pytest.fail.Exception, match="required"):
        require_chromium(None, in_ci=True)


def test_with_chromium_its_path_is_used():
    assert require_chromium("/usr/bin/chromium", in_ci=True) == "/usr/bin/chromium"
