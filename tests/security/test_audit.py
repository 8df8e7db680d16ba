"""`make audit`'s dependency check: a vulnerability always fails; what could not be audited is never an all-clear."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tools.audit_dependencies import judge

ROOT = Path(__file__).resolve().parents[2]
SKIP = "Dependency not found on PyPI and could not be audited: flask (3.1.3)"


def report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def clean(name="flask", version="3.1.3"):
    return {"name": name, "version": version, "vulns": []}


def vulnerable(name="jinja2", version="3.1.2"):
    return {"name": name, "version": version,
            "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": ["CVE-2024-22195"]}]}


def skipped(name="flask"):
    return {"name": name, "skip_reason": SKIP}


def test_everything_audited_and_clean_passes():
    verdict = judge(0, report(clean(), clean("werkzeug")), "", strict=False)

    assert verdict.exit_code == 0
    assert "2 packages audited, no known vulnerability" in verdict.lines[0]


@pytest.mark.parametrize("strict", [False, True])
def test_a_known_vulnerability_fails_whatever_the_mode(strict):
    verdict = judge(1, report(clean(), vulnerable(), skipped()), "", strict=strict)

    assert verdict.exit_code == 1
    assert any("jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in: 3.1.3)" in line for line in verdict.lines)


def test_packages_not_audited_warn_loudly_and_pass():
    verdict = judge(0, report(skipped("flask"), skipped("werkzeug"), clean("jinja2")), "", strict=False)

    assert verdict.exit_code == 0
    text = "\n".join(verdict.lines)
    assert "WARNING: dependency audit INCOMPLETE" in text and "2 of 3 installed packages could NOT be audited" in text
    assert "not an all-clear" in text and "AUDIT_STRICT=1" in text


def test_packages_not_audited_fail_in_strict_mode():
    verdict = judge(0, report(skipped(), clean("jinja2")), "", strict=True)

    assert verdict.exit_code == 1
    assert "could not be audited" in verdict.lines[0]


def test_an_unreachable_service_warns_and_passes():
    stderr = "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev'): Max retries exceeded"

    verdict = judge(1, "", stderr, strict=False)

    assert verdict.exit_code == 0
    assert "could not be reached: no package was audited" in verdict.lines[0]


def test_an_unreachable_service_fails_in_strict_mode():
    verdict = judge(1, "", "NameResolutionError: Failed to resolve 'pypi.org'", strict=True)

    assert verdict.exit_code == 1


def test_any_other_failure_of_pip_audit_fails():
    verdict = judge(2, "", "pip-audit: error: unrecognized arguments: --bogus", strict=False)

    assert verdict.exit_code == 1
    assert "unrecognized arguments" in "\n".join(verdict.lines)


# -- The command itself, with a stand-in pip-audit --------------------------------------------


def run_audit(tmp_path, stdout: str, exit_code: int, strict: bool = False) -> subprocess.CompletedProcess:
    stub = tmp_path / "pip-audit"
    stub.write_text(f"#!{sys.executable}\nimport sys\nsys.stdout.write({stdout!r})\n"
                    f"open({str(tmp_path / 'argv')!r}, 'w').write(' '.join(sys.argv[1:]))\nsys.exit({exit_code})\n")
    stub.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "PIP_AUDIT": str(stub), "AUDIT_STRICT": "1" if strict else ""}
    return subprocess.run([sys.executable, "tools/audit_dependencies.py"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


def test_the_command_fails_on_a_vulnerability(tmp_path):
    done = run_audit(tmp_path, report(vulnerable()), 1)

    assert done.returncode == 1
    assert "GHSA-h5c8-rqwp-cp95" in done.stderr


def test_the_command_passes_with_a_warning_when_nothing_could_be_audited(tmp_path):
    done = run_audit(tmp_path, report(skipped()), 0)

    assert done.returncode == 0
    assert "WARNING: dependency audit INCOMPLETE" in done.stdout
    assert "--strict" not in (tmp_path / "argv").read_text()


def test_the_command_runs_pip_audit_strictly_when_asked(tmp_path):
    done = run_audit(tmp_path, report(clean()), 0, strict=True)

    assert done.returncode == 0
    assert "--strict" in (tmp_path / "argv").read_text().split()
