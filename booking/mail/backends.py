"""Where emails go: an SMTP server (``MAIL_BACKEND=smtp``) or ``.eml`` files (``file``).

A backend is used for one batch: opened lazily, closed at the end. Errors
say whether trying again later may help (``DeliveryError.permanent``) and
whether the server itself is out of reach (``ServerUnreachable``), in which
case the rest of the batch is not even tried.
"""

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType

from booking.models import utcnow


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class ServerUnreachable(DeliveryError):
    """Connecting or talking to the server failed: every other message would fail the same way."""


class FileBackend:
    """Writes each email as an ``.eml`` file any mail client opens (development, demos)."""

    def __init__(self, directory: str):
        self.directory = Path(directory)

    def __enter__(self) -> "FileBackend":
        self.directory.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, message: EmailMessage, *, sender: str, recipient: str, ident: int) -> None:
        name = f"{utcnow():%Y%m%dT%H%M%S}-{_file_ident(ident)}.eml"
        temporary = self.directory / f".{name}.tmp"
        # Written then renamed: a reader never sees half a file.
        temporary.write_bytes(message.as_bytes())
        temporary.replace(self.directory / name)


def _file_ident(ident: int) -> str:
    return f"{ident:08d}"


def remove_message_files(directory: Path, idents) -> int:
    """Delete the ``.eml`` files of these outbox messages (erasure): each file ends with its message id."""
    if not directory.is_dir():
        return 0
    removed = 0
    for ident in idents:
        for path in directory.glob(f"*-{_file_ident(ident)}.eml"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


class SMTPBackend:
    """Sends through one SMTP connection per batch: plain, STARTTLS (``MAIL_USE_TLS``) or SSL."""

    def __init__(self, config: dict):
        self.host = config["MAIL_SERVER"]
        self.port = int(config["MAIL_PORT"])
        self.use_tls = bool(config["MAIL_USE_TLS"])
        self.use_ssl = bool(config["MAIL_USE_SSL"])
        self.username = config.get("MAIL_USERNAME")
        self.password = config.get("MAIL_PASSWORD")
        self.timeout = float(config.get("MAIL_TIMEOUT", 30))
        self.ca_file = config.get("MAIL_CA_FILE")  # a private CA's certificate, if the server uses one
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "SMTPBackend":
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def send(self, message: EmailMessage, *, sender: str, recipient: str, ident: int) -> None:
        smtp = self._connection()
        try:
            refused = smtp.send_message(message, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            raise DeliveryError(f"recipient refused: {error.recipients}", permanent=_all_permanent(codes)) from error
        except smtplib.SMTPResponseException as error:
            if error.smtp_code == 421:  # the server is closing the channel
                self._drop()
                raise ServerUnreachable(f"421 {_text(error.smtp_error)}") from error
            raise DeliveryError(f"{error.smtp_code} {_text(error.smtp_error)}",
                                permanent=500 <= error.smtp_code < 600) from error
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self._drop()
            raise ServerUnreachable(f"connection lost: {error}") from error
        except smtplib.SMTPException as error:
            raise DeliveryError(str(error)) from error
        if refused:
            raise DeliveryError(f"recipient refused: {refused}")

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        try:
            if self.use_ssl:
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._tls_context())
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.use_tls:
                    smtp.starttls(context=self._tls_context())
            if self.username:
                smtp.login(self.username, self.password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise ServerUnreachable(f"login refused: {error.smtp_code} {_text(error.smtp_error)}") from error
        except (smtplib.SMTPException, OSError) as error:
            raise ServerUnreachable(f"cannot reach {self.host}:{self.port}: {error}") from error
        self._smtp = smtp
        return smtp

    def _tls_context(self) -> ssl.SSLContext:
        # Certificates and host names are always checked.
        return ssl.create_default_context(cafile=self.ca_file)

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None


def backend_for(config: dict) -> FileBackend | SMTPBackend:
    name = config.get("MAIL_BACKEND", "file")
    if name == "smtp":
        return SMTPBackend(config)
    if name == "file":
        return FileBackend(config["MAIL_OUTBOX_DIR"])
    raise ValueError(f"MAIL_BACKEND must be 'smtp' or 'file', not {name!r}")


def _all_permanent(codes: list[int]) -> bool:
    return bool(codes) and all(500 <= code < 600 for code in codes)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
