"""The benchmark's clients: threads that POST JSON over keep-alive connections and time the answers.

Settings: ``GUICHET_BENCH_SECONDS`` (default 5) and ``GUICHET_BENCH_CLIENTS`` (default 8).
"""

import json
import os
import statistics
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException

HOST = "127.0.0.1"  # loopback only
SECONDS = min(60, max(1, int(os.environ.get("GUICHET_BENCH_SECONDS", "5"))))
CLIENTS = min(64, max(1, int(os.environ.get("GUICHET_BENCH_CLIENTS", "8"))))


@dataclass
class Result:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # of 2xx answers
    statuses: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def add(self, other: "Result") -> None:
        """Count ``other`` (another slice of the same endpoint) in this one."""
        self.seconds += other.seconds
        self.latencies.extend(other.latencies)
        self.statuses.update(other.statuses)

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000 if len(self.latencies) > 1 else 0.0


def drive(port: int, path: Callable[[int, int], str], body: Callable[[int, int], dict],
          seconds: float = SECONDS) -> Result:
    """CLIENTS threads, each with a keep-alive connection, POST to ``path(client, i)`` for ``seconds``."""
    result, lock = Result(), threading.Lock()
    barrier = threading.Barrier(CLIENTS + 1)

    def client(k: int) -> None:
        connection, latencies, statuses, i = HTTPConnection(HOST, port, timeout=30), [], Counter(), 0
        barrier.wait()
        while time.monotonic() < deadline:
            payload, i = json.dumps(body(k, i)), i + 1
            started = time.perf_counter()
            try:
                connection.request("POST", path(k, i), payload, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
            except (OSError, HTTPException):
                statuses["connection error"] += 1
                connection.close()
                connection = HTTPConnection(HOST, port, timeout=30)
                continue
            statuses[response.status] += 1
            if 200 <= response.status < 300:
                latencies.append(time.perf_counter() - started)
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.statuses.update(statuses)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def rush(port: int, path: str, attempts: int, tag: str) -> Result:
    """``attempts`` bookings of one session at once (a workshop opening): CLIENTS threads share them out."""
    result, lock = Result(), threading.Lock()
    barrier = threading.Barrier(CLIENTS + 1)

    def client(k: int) -> None:
        connection, latencies, statuses = HTTPConnection(HOST, port, timeout=60), [], Counter()
        barrier.wait()
        for i in range(k, attempts, CLIENTS):
            started = time.perf_counter()
            try:
                connection.request("POST", path, json.dumps(person(tag)(k, i)), {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
            except (OSError, HTTPException):
                statuses["connection error"] += 1
                connection.close()
                connection = HTTPConnection(HOST, port, timeout=60)
                continue
            statuses[response.status] += 1
            latencies.append(time.perf_counter() - started)  # every answer: a refusal is an answer too
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.statuses.update(statuses)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def person(tag: str) -> Callable[[int, int], dict]:
    return lambda k, i: {"name": f"Client {k}", "email": f"{tag}-{k}-{i}@bench.example", "seats": 1}


def answers_201(port: int, path: str) -> int:
    connection = HTTPConnection(HOST, port, timeout=30)
    connection.request("POST", path, json.dumps(person("probe")(0, 0)), {"Content-Type": "application/json"})
    return connection.getresponse().status


def drive_briefly(port: int, path: str) -> None:
    """Warm up (connections, caches, gunicorn threads) with a few requests, not counted."""
    for i in range(20):
        connection = HTTPConnection(HOST, port, timeout=30)
        connection.request("POST", path, json.dumps(person("warm-" + uuid.uuid4().hex[:6])(0, i)),
                           {"Content-Type": "application/json"})
        connection.getresponse().read()
        connection.close()
