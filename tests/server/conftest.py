# The live-server fixtures live in tests/live_server.py (a plugin of tests/conftest.py),
# so that tests/sync and tests/faults use the same ones. Names re-exported for imports.
from tests.live_server import (  # noqa: F401
    BACKENDS,
    PASSWORD,
    PG_URL,
    LiveServer,
    free_port,
    start_server,
)
