"""The screenshot walk on a Full HD screen at 150 % (1280×720 logical): every role's
screens and dialogs fit, clip nothing and are not blank (see test_screenshots.py)."""

from __future__ import annotations

from tests.ui.test_screenshots import check_walk


def test_every_screen_fits_full_hd_at_150_percent(tmp_path):
    check_walk(tmp_path, "1920x1080@1.5", "fit")
