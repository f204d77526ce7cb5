"""The shipped deploy/ files pass their own tools' checks: ``nginx -t`` on the site file,
``systemd-analyze verify`` on the units; and nginx's body limit is the service's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gridapp.server.settings import ServerSettings
from gridapp.store.files import MAX_PHOTO_BYTES
from tests.deploy.nginx_proxy import ROOT, check_config, shipped_body_limit

UNITS = ("gridapp.service", "gridapp-backup.service", "gridapp-backup.timer")
INSTALLED_GRIDAPP = "/opt/gridapp/.venv/bin/gridapp"  # where deploy/README.md installs it


def test_nginx_body_limit_is_the_services_own():
    """nginx refuses exactly what the service would (its BodyLimit), and the largest
    request a laptop makes — a whole photo — fits under it."""
    limit = shipped_body_limit()
    assert limit == ServerSettings.__dataclass_fields__["max_body_bytes"].default
    assert limit > MAX_PHOTO_BYTES


def test_shipped_site_passes_nginx_t(nginx, tmp_path):
    """As shipped, with only the certificate and log paths of this machine (nginx -t
    loads the certificate and opens the log; it binds no port)."""
    result = check_config(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


def test_systemd_units_verify(systemd_analyze, tmp_path):
    """``systemd-analyze verify`` on the three units, with the program where this
    checkout has it (verify insists that ExecStart's program exists)."""
    gridapp = Path(sys.executable).with_name("gridapp")
    assert gridapp.is_file(), gridapp
    for name in UNITS:
        text = (ROOT / "deploy" / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace(INSTALLED_GRIDAPP, str(gridapp)), "utf-8")
    assert INSTALLED_GRIDAPP in (ROOT / "deploy" / "gridapp.service").read_text()
    result = subprocess.run(
        [systemd_analyze, "verify", "--man=no", *(str(tmp_path / name) for name in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == "", result.stdout + result.stderr
