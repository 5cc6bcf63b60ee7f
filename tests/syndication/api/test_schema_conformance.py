"""Property-based test of the API against its own OpenAPI schema (schemathesis through the WSGI app).

Hypothesis generates every parameter (valid and invalid); whatever it sends, the API must answer
with a documented status code, never 5xx, and a body that matches the schema for that status.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from dastan.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_in_test_transaction(newsroom):
    """Let the raw WSGI app share the test's transaction, as Django's test client does.

    The WSGI handler closes "old" connections at each request's start and end; inside the test's
    transaction that would close the connection holding the test data.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield newsroom
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema_and_never_fails(case, wsgi_in_test_transaction):
    # The WSGI test transport does not undo GZipMiddleware; ask for the plain body.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
