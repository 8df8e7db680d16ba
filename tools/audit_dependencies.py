"""`make audit`, the dependency half: pip-audit, honest about what it could not check.

pip-audit asks a vulnerability service (PyPI's JSON API by default) about every
package installed in this virtualenv, i.e. the exact versions requirements.txt
and requirements-dev.txt resolved to. When the service cannot be reached, or
does not know the packages (a registry mirror without PyPI's per-version JSON
API), pip-audit skips them and still prints "No known vulnerabilities found".
That would be a false all-clear, so this wrapper reads pip-audit's JSON report:

- a known vulnerability always fails (exit 1);
- packages that could not be audited fail with ``AUDIT_STRICT=1`` (pip-audit
  then also runs with ``--strict``): set it wherever the service is reachable;
- otherwise they are reported as a loud warning saying nothing was checked for
  them, and the audit passes (exit 0): a machine without the service cannot
  tell, and must not pretend either way.

Extra arguments are passed to pip-audit (``make audit PIP_AUDIT_ARGS="--ignore-vuln ID"``).
Bandit's ``nosec`` below: pip-audit from this virtualenv is run with our own argv, without a shell.
"""

import json
import os
import subprocess  # nosec B404
import sys
from dataclasses import dataclass, field
from pathlib import Path

# What an unreachable service looks like when pip-audit gives up without a report.
UNREACHABLE = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "Temporary failure in name resolution",
               "Connection refused", "timed out", "Network is unreachable")


@dataclass
class Verdict:
    exit_code: int
    lines: list[str] = field(default_factory=list)


def judge(returncode: int, stdout: str, stderr: str, *, strict: bool) -> Verdict:
    """What pip-audit's run means: pass, warn, or fail, and the lines that say why."""
    try:
        report = json.loads(stdout)
        dependencies = report["dependencies"]
    except (ValueError, KeyError, TypeError):
        return _no_report(returncode, stderr, strict=strict)

    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    if vulnerable:
        lines = [f"pip-audit: {len(vulnerable)} package(s) with known vulnerabilities:"]
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
                lines.append(f"  {dep['name']} {dep.get('version', '?')}: {vuln.get('id')} (fixed in: {fixes})")
        return Verdict(1, lines)
    if skipped:
        reason = skipped[0]["skip_reason"]
        if strict:
            return Verdict(1, [f"pip-audit: {len(skipped)} package(s) could not be audited (AUDIT_STRICT=1): {reason}"])
        return Verdict(0, _warning(f"{len(skipped)} of {len(dependencies)} installed packages could NOT be audited "
                                   f"(for example: {reason}).", audited))
    if returncode != 0:
        return Verdict(1, [f"pip-audit failed (exit {returncode}) without reporting a vulnerability:", _tail(stderr)])
    return Verdict(0, [f"pip-audit: {audited} packages audited, no known vulnerability."])


def _no_report(returncode: int, stderr: str, *, strict: bool) -> Verdict:
    unreachable = any(sign in stderr for sign in UNREACHABLE)
    if unreachable and not strict:
        return Verdict(0, _warning("The vulnerability service could not be reached: no package was audited.", 0,
                                   detail=_tail(stderr, 1)))
    if unreachable:
        why = "the vulnerability service could not be reached"
    elif "could not be audited" in stderr:
        why = "some packages could not be audited, and AUDIT_STRICT=1 asks for all of them"
    else:
        why = f"exit {returncode}, no report"
    return Verdict(1, [f"pip-audit failed ({why}):", _tail(stderr)])


def _warning(what: str, audited: int, detail: str = "") -> list[str]:
    lines = [
        "WARNING: dependency audit INCOMPLETE. " + what,
        "  The vulnerability service is unreachable from here, or does not know these packages (a registry",
        "  mirror without PyPI's JSON API). Nothing was checked for them: this is not an all-clear.",
        f"  Packages actually audited: {audited}" + (", none with a known vulnerability." if audited else "."),
        "  Run `AUDIT_STRICT=1 make audit` where the service is reachable: it fails on anything not audited.",
    ]
    return [*lines, f"  ({detail})"] if detail else lines


def _tail(text: str, count: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-count:])


def main(argv: list[str]) -> int:
    strict = os.environ.get("AUDIT_STRICT", "").strip().lower() in {"1", "true", "yes", "on"}
    pip_audit = os.environ.get("PIP_AUDIT") or str(Path(sys.executable).with_name("pip-audit"))
    command = [pip_audit, "--format", "json", "--progress-spinner", "off", "--skip-editable",
               *(["--strict"] if strict else []), *argv]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    verdict = judge(done.returncode, done.stdout, done.stderr, strict=strict)
    print("\n".join(verdict.lines), file=sys.stderr if verdict.exit_code else sys.stdout)
    return verdict.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
