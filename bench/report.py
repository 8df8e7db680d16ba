"""The benchmarks' figures: each with its target, printed as one table and written to ``bench/results/*.json``.

No figure is a test: a busy machine is slower, so the table says how busy it was (load average,
CPUs) beside the date, and each figure says whether it met its target this time.
"""

import json
import os
import platform
import socket
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    benchmark: str
    name: str
    value: float
    unit: str  # "ms", "req/s", "ratio"...
    target: str = ""  # as written: "< 20 ms", ">= 0.35 x bare"
    met: bool | None = None  # None: no target
    note: str = ""


@dataclass
class Report:
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    figures: list[Figure] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # what was asserted (no overbooking...)
    database: str = ""

    def add(self, benchmark: str, name: str, value: float, unit: str, *, at_most: float | None = None,
            at_least: float | None = None, note: str = "") -> Figure:
        target, met = "", None
        if at_most is not None:
            target, met = f"< {at_most:g} {unit}", value < at_most
        elif at_least is not None:
            target, met = f">= {at_least:g} {unit}", value >= at_least
        figure = Figure(benchmark, name, round(value, 3), unit, target, met, note)
        self.figures.append(figure)
        return figure

    def machine(self) -> dict:
        return {
            "host": socket.gethostname(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "database": self.database,
            "commit": _commit(),
        }

    def as_dict(self) -> dict:
        return {"date": self.started.isoformat(timespec="seconds"), "machine": self.machine(),
                "figures": [asdict(f) for f in self.figures], "checks": self.checks}

    def write(self) -> Path:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{self.started:%Y-%m-%dT%H%M%S}-{socket.gethostname()}.json"
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return path

    def table(self) -> str:
        machine = self.machine()
        lines = [f"Guichet benchmarks, {self.started:%Y-%m-%d %H:%M} UTC, on {machine['host']} "
                 f"({machine['cpus']} CPUs, {machine['platform']}, Python {machine['python']}; "
                 f"load average now {' '.join(map(str, machine['load_average']))}); {self.database}",
                 f"{'benchmark':<11} {'figure':<52} {'value':>10} {'unit':<7} {'target':<16} verdict"]
        for f in self.figures:
            verdict = "" if f.met is None else ("met" if f.met else "NOT MET")
            value = f"{f.value:>10.2f}" if f.unit == "x" else f"{f.value:>10.1f}"
            lines.append(f"{f.benchmark:<11} {f.name:<52} {value} {f.unit:<7} {f.target:<16} {verdict}"
                         + (f"  ({f.note})" if f.note else ""))
        lines += [f"checked: {check}" for check in self.checks]
        return "\n".join(lines)


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,  # noqa: S603, S607
                              cwd=RESULTS.parent.parent, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
