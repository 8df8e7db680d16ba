"""idempotency.claim_settled: a key held by a twin that committed meanwhile is claimed once more, then 503.

The race itself is played for real on PostgreSQL in tests/integration/test_database_faults_postgres.py;
here the twin is stood in for by a claim that reports it, to state the retry rule exactly.
"""

import pytest

from booking.services import idempotency
from booking.services.errors import TryAgainLater


def twin_commits(monkeypatch, times: int) -> list[str]:
    """Make the first ``times`` claims find the key taken by a twin; returns the log of claims and restarts."""
    log = []

    def claim(scope, key, asked):
        log.append("claim")
        if log.count("claim") <= times:
            raise idempotency.KeyTaken()
        return idempotency.Answer(303, {"token": "theirs"})

    monkeypatch.setattr(idempotency, "claim", claim)
    return log


def test_a_key_free_at_once_is_claimed_without_a_restart(monkeypatch):
    log = twin_commits(monkeypatch, times=0)
    answer = idempotency.claim_settled("scope", "key", "asked", restart=lambda: log.append("restart"))
    assert answer.body == {"token": "theirs"}
    assert log == ["claim"]


def test_a_key_taken_by_a_twin_is_claimed_again_after_the_restart(monkeypatch):
    log = twin_commits(monkeypatch, times=1)
    answer = idempotency.claim_settled("scope", "key", "asked", restart=lambda: log.append("restart"))
    assert answer.body == {"token": "theirs"}
    assert log == ["claim", "restart", "claim"]


def test_a_key_taken_twice_asks_to_try_again(monkeypatch):
    log = twin_commits(monkeypatch, times=2)
    with pytest.raises(TryAgainLater):
        idempotency.claim_settled("scope", "key", "asked", restart=lambda: log.append("restart"))
    assert log == ["claim", "restart", "claim", "restart"]
