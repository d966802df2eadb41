"""Schemathesis against /openapi.json: generated requests to every API operation, a bounded
number each, answered without a server error and as the spec says (status codes, content
types, response shapes).

The operations are driven through their Hypothesis strategies here rather than through
schemathesis' pytest plugin, which does not load under this pytest.
"""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

EXAMPLES_PER_OPERATION = 40
"""Bounded: ten operations x 40 cases runs in well under a minute."""


def test_api_answers_every_generated_request_without_a_server_error(app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    failures: dict[str, str] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            # Filters are strings in the spec and their formats (dates, country codes, cursors
            # this server made) are checked by the server, which answers 4xx: that is not a fault.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        try:
            check()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # gathered: one report names every failing operation
            failures[operation.label] = str(exc)[:2000]
    assert failures == {}
