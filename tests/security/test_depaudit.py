"""`./run audit`: a vulnerable lock fails; an unreachable database is reported, not passed off as clean."""

import json
import subprocess

import pytest

from dastan.security import depaudit


@pytest.fixture
def lock(tmp_path):
    path = tmp_path / "requirements.lock"
    path.write_text("Django==5.2.0\nnh3==0.2.17\n")
    return path


def pip_audit_answers(monkeypatch, stdout: str, stderr: str = ""):
    def fake_run(args, **kwargs):
        assert args[1:3] == ["-m", "pip_audit"] and "--requirement" in args
        return subprocess.CompletedProcess(args, 1 if '"vulns": [{' in stdout else 0, stdout, stderr)
    monkeypatch.setattr(depaudit.subprocess, "run", fake_run)


def test_a_known_vulnerability_fails_the_audit(monkeypatch, lock, capsys):
    pip_audit_answers(monkeypatch, json.dumps({"dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": [
            {"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": [], "description": "x"}]},
        {"name": "nh3", "version": "0.2.17", "vulns": []}], "fixes": []}))
    assert depaudit.main([str(lock)]) == 1
    assert "VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in capsys.readouterr().out


def test_a_clean_lock_passes(monkeypatch, lock, capsys):
    pip_audit_answers(monkeypatch, json.dumps({"dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": []},
        {"name": "nh3", "version": "0.2.17", "vulns": []}], "fixes": []}))
    assert depaudit.main([str(lock)]) == 0
    assert "2 locked packages audited, no known vulnerability." in capsys.readouterr().out


@pytest.mark.parametrize("stdout,stderr", [
    (json.dumps({"dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}]}), ""),
    ("", "requests.exceptions.ConnectionError: Failed to resolve"),
])
def test_an_unreachable_database_is_said_plainly_without_failing(monkeypatch, lock, capsys, stdout, stderr):
    pip_audit_answers(monkeypatch, stdout, stderr)
    assert depaudit.main([str(lock)]) == 0
    assert "were NOT audited" in capsys.readouterr().out


def test_the_lock_file_pins_every_runtime_dependency():
    from pathlib import Path

    pinned = {line.split("==")[0].lower() for line in (Path(__file__).parents[2] / "requirements.lock")
              .read_text().splitlines() if "==" in line}
    for name in ["django", "nh3", "django-otp", "django-axes", "django-csp", "segno", "pillow", "psycopg"]:
        assert name in pinned, name
