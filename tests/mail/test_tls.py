"""SMTP over STARTTLS and over SSL, with a login, against a server whose certificate we made."""

import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from booking.mail.delivery import deliver_due
from tests.mail.conftest import Mailbox, free_port
from tests.mail.mime_checks import invite_of

USER, PASSWORD = "guichet", "s3cret-passw0rd"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def authenticate(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode())


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(request, certificate):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox, port = Mailbox(), free_port()
    options = {"authenticator": authenticate, "auth_require_tls": True}
    if request.param == "starttls":
        options |= {"tls_context": context, "require_starttls": True}
    else:
        # aiosmtpd does not count implicit TLS as TLS for AUTH; the socket is encrypted all the same.
        options |= {"ssl_context": context, "auth_require_tls": False}
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    yield request.param, port, mailbox
    controller.stop()


@pytest.fixture
def app_config(tls_server, certificate):
    mode, port, _ = tls_server
    return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_TIMEOUT": 5,
            "MAIL_USE_TLS": mode == "starttls", "MAIL_USE_SSL": mode == "ssl", "MAIL_USERNAME": USER,
            "MAIL_PASSWORD": PASSWORD, "MAIL_CA_FILE": str(certificate[0])}


def test_mail_goes_through_an_encrypted_authenticated_connection(make, tls_server):
    _, _, mailbox = tls_server
    make.registration(make.session(), email="marie@example.org")
    assert deliver_due().sent == 1
    [message] = mailbox.to("marie@example.org")
    invite_of(message)


def test_a_wrong_password_is_retried_later_not_lost(app, make, tls_server):
    _, _, mailbox = tls_server
    app.config["MAIL_PASSWORD"] = "wrong"
    make.registration(make.session(), email="marie@example.org")
    report = deliver_due()
    assert (report.sent, report.retrying) == (0, 1)
    assert mailbox.messages == []
