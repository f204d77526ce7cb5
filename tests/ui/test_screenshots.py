"""The screenshot walk (python -m ui.screenshots) on a small demo, on a 1366×768 laptop
and on a Full HD screen at 150 % (1280×720 logical): every role's screens and dialogs
are drawn, fit the screen, clip no label, choice or column, and nothing is blank. The
laptop walk also checks that the Chinese interface shows no English (one walk, not two:
each takes minutes). The Full HD walk is in test_screenshots_hidpi.py, a file of its
own so that the two walks run on different test workers."""

from __future__ import annotations

from PIL import Image, ImageStat

from tests.ui.screen_run import problems, run_screens

# Screens every run must reach: each role's window and the dialogs that used to overflow.
EXPECTED = {
    "officer-main", "officer-report", "intake-main", "intake-action-accept",
    "shift-lead-main", "dispatcher-main", "dispatcher-action-dispatch", "dispatcher-monthly",
    "department-main", "department-action-handle", "supervisor-main", "supervisor-monthly",
    "admin-main", "admin-admin-1-DepartmentsTab", "admin-admin-user", "admin-admin-grid-import",
    "officer-base-map", "officer-error", "officer-standing", "department-standing",
}  # fmt: skip


def check_walk(tmp_path, screen: str, checks: str) -> None:
    """Run the walk on ``screen`` and check every picture it saved."""
    run, out = run_screens(tmp_path, screen, checks)
    assert run.returncode == 0, "\n".join(problems(run)) or run.stderr[-3000:]
    names = {p.stem for p in out.glob("*.png")}
    assert len(names) >= 40  # the walk reached the dialogs too
    # An action's dialog is drawn over a case offering it ("action-") or, when the demo
    # holds none at that hour (the centre accepts new reports within minutes in office
    # hours), over another case ("form-"): either way the dialog was measured.
    drawn = {name.replace("-form-", "-action-") for name in names}
    assert drawn >= EXPECTED, EXPECTED - drawn
    for name in names:
        with Image.open(out / f"{name}.png") as image:
            assert image.width >= 200 and image.height >= 100, name
            spread = ImageStat.Stat(image.convert("L")).stddev[0]
            assert spread > 10, f"{name} looks blank (stddev {spread:.1f})"
    width, height = (int(n) for n in screen.split("@")[0].split("x"))
    with Image.open(out / "dispatcher-main.png") as main:  # in device pixels
        assert main.width <= width and main.height <= height
        assert main.width >= 0.8 * width  # and it uses the screen


def test_every_screen_fits_the_laptop_and_speaks_chinese(tmp_path):
    check_walk(tmp_path, "1366x768", "fit,language")
