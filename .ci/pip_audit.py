"""Run pip-audit on the installed packages; fail on a known vulnerability.

Usage: python .ci/pip_audit.py [TIMEOUT_SECONDS]   (with the virtualenv's python)

The audit asks a vulnerability service over the network. When the service cannot be reached
(this is common on machines that reach only a package mirror), pip-audit reports every package
as "could not be audited": that is reported here as a skip, with a message, and does not fail.
A vulnerability found in any package that could be audited fails (exit 1).
"""

import json
import subprocess
import sys


def main() -> int:
    timeout = sys.argv[1] if len(sys.argv) > 1 else "20"
    command = [sys.executable, "-m", "pip_audit", "--local", "--skip-editable"]
    command += ["--progress-spinner", "off", "--timeout", timeout, "--format", "json"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        report = json.loads(done.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as error:
        print(f"pip-audit skipped: the vulnerability service did not answer ({error})")
        return 0
    packages = [dep for dep in report["dependencies"] if "skip_reason" not in dep]
    skipped = [dep for dep in report["dependencies"] if "skip_reason" in dep]
    vulnerable = [dep for dep in packages if dep.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
    if not packages:
        print(
            f"pip-audit skipped: the vulnerability service could not be reached or knew none of "
            f"the {len(skipped)} installed packages, so nothing was audited"
        )
        return 0
    print(
        f"pip-audit: {len(packages)} packages audited, {len(vulnerable)} with known "
        f"vulnerabilities, {len(skipped)} could not be audited"
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
