import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Run:
    """What one `dastan import wordpress` printed, and the exit status it would give."""

    status: int
    out: str
    err: str


def run_import(path, *options: str) -> Run:
    """Run the import command on PATH as the CLI would, and return what it printed and its status."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", "wordpress", str(path), *options, stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        status = error.returncode
        err.write(f"CommandError: {error}\n")
    return Run(status, out.getvalue(), err.getvalue())


@pytest.fixture
def imported(db) -> Run:
    """The project's WXR 1.2 sample, imported once into the English edition."""
    return run_import(FIXTURES / "wxr-1.2.xml")
