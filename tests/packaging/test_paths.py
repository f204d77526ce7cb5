"""Shipped data is found in a checkout and inside a frozen bundle (no Qt needed)."""

from __future__ import annotations

import sys
from pathlib import Path

from gridapp import paths

ROOT = Path(__file__).resolve().parents[2]


def test_checkout_paths_point_at_the_repository():
    assert not paths.is_frozen()
    assert paths.app_root() == ROOT
    assert (paths.db_dir() / "migrations" / "env.py").is_file()
    assert (paths.db_dir() / "reference" / "categories.json").is_file()
    assert (paths.resources_dir() / "translations" / "gridapp_zh_CN.qm").is_file()


def test_pyinstaller_bundle_uses_meipass(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert paths.is_frozen()
    assert paths.db_dir() == tmp_path / "_internal" / "db"
    assert paths.resources_dir() == tmp_path / "_internal" / "resources"


def test_other_freezers_use_the_executable_folder(monkeypatch, tmp_path):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "gridapp"))
    assert paths.app_root() == tmp_path


def test_font_lookup_tries_the_bundle_before_the_system(monkeypatch, tmp_path):
    from gridapp.reports.pdf import fonts

    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    first = fonts.candidate_files()[0]
    assert first.path == tmp_path / "resources" / "fonts" / "wqy-zenhei.ttc"
