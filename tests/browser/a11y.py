"""axe-core on a live page: every violation of impact moderate, serious or critical fails the test, readably."""

import pytest
from axe_playwright_python.sync_playwright import Axe

FAILING_IMPACTS = ("moderate", "serious", "critical")
_axe = Axe()


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core: {len(violations)} moderate, serious or critical violation(s) on {url}"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            target = " ".join(map(str, node["target"]))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}\n      {node['html'][:160]}\n      {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)


def serious_violations(page) -> list[dict]:
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    return [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]


class AxeChecker:
    """Checks pages as a test visits them; remembers what it checked (for the coverage assertion)."""

    def __init__(self, checked: set):
        self.checked = checked

    def __call__(self, page, name: str) -> None:
        report = self.report(page, name)
        if report:
            pytest.fail(report, pytrace=False)

    def report(self, page, name: str) -> str:
        """What axe finds wrong on the page, or "" when nothing moderate or worse."""
        # Wait for the page to settle: axe must see the final DOM, not a half-loaded one.
        page.wait_for_load_state("load")
        language = page.get_attribute("html", "lang") or "?"
        violations = serious_violations(page)
        self.checked.add((name, language))
        return f"{name} [{language}]\n" + format_violations(page.url, violations) if violations else ""
