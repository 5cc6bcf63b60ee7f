"""Check the locked dependencies against known vulnerabilities with pip-audit (``./run audit``).

Exit 1 when a locked package has a known vulnerability. When the vulnerability database cannot be
reached (no network, or a registry mirror without PyPI's JSON API) say so plainly and exit 0: CI
must not fail for the weather, but nobody should read "nothing found" as "audited".
"""

import json
import subprocess
import sys
from pathlib import Path

UNREACHABLE = ("pip-audit: the vulnerability database could not be reached ({why}); the {count} locked "
               "packages were NOT audited. Run `./run audit` where PyPI's JSON API is reachable.")


def main(argv: list[str] | None = None) -> int:
    """Audit the requirements file named in ARGV (default requirements.lock); return the exit status."""
    lock = Path((argv or sys.argv[1:] or ["requirements.lock"])[0])
    result = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--requirement", str(lock), "--no-deps", "--disable-pip",
         "--format", "json", "--progress-spinner", "off", "--timeout", "30"],
        capture_output=True, text=True,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        count = sum(1 for line in lock.read_text().splitlines() if "==" in line)
        print(UNREACHABLE.format(why=last[:200], count=count))
        return 0
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        return 1
    if deps and not audited:
        print(UNREACHABLE.format(why=deps[0]["skip_reason"], count=len(deps)))
        return 0
    skipped = len(deps) - len(audited)
    print(f"pip-audit: {len(audited)} locked packages audited, no known vulnerability"
          + (f" ({skipped} could not be looked up)" if skipped else "") + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
