"""A small filesystem of the test's own, to run the program out of disk space for real.

``small_disk(size)`` mounts a size-limited tmpfs (the kernel answers ENOSPC exactly
as a full laptop disk does) under the test's tmp folder and unmounts it afterwards,
even when the test fails. Where mounting is not permitted (not root, a container
without CAP_SYS_ADMIN) the test is skipped with the reason.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PAGE = 4096  # tmpfs allocates whole pages


@dataclass
class SmallDisk:
    """A mounted size-limited tmpfs and a filler file that takes what a test wants taken."""

    root: Path
    size: int
    fillers: list[Path] = field(default_factory=list)

    @property
    def free(self) -> int:
        """Bytes an unprivileged writer can still write."""
        st = os.statvfs(self.root)
        return st.f_bavail * st.f_frsize

    def fill(self, leave: int = 0) -> int:
        """Take space until only ``leave`` bytes (rounded up to a page) are free; returns free.

        The filler is allocated, not sparse (``posix_fallocate``), so the space is
        really gone; calling again adds another filler.
        """
        leave = -(-leave // PAGE) * PAGE
        take = self.free - leave
        if take > 0:
            filler = self.root / f".filler-{len(self.fillers)}"
            fd = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
            try:
                os.posix_fallocate(fd, 0, take)
            finally:
                os.close(fd)
            self.fillers.append(filler)
        return self.free

    def release(self) -> int:
        """Remove every filler (the user freed space); returns free bytes."""
        while self.fillers:
            self.fillers.pop().unlink(missing_ok=True)
        return self.free


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)


def _unmount(root: Path) -> None:
    if _run("umount", str(root)).returncode != 0:
        _run("umount", "-l", str(root))  # something still holds a file: detach it anyway


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[int], SmallDisk]]:
    """``small_disk(size)`` → a fresh tmpfs of ``size`` bytes mounted under ``tmp_path``."""
    mounted: list[SmallDisk] = []

    def make(size: int) -> SmallDisk:
        root = tmp_path / f"small-disk-{len(mounted)}"
        root.mkdir()
        if os.geteuid() != 0:
            pytest.skip("a small filesystem needs mount permission (tests run as root in CI)")
        done = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(root))
        if done.returncode != 0:
            reason = done.stderr.strip() or f"exit status {done.returncode}"
            pytest.skip(f"cannot mount a small tmpfs here: {reason}")
        disk = SmallDisk(root, size)
        mounted.append(disk)
        return disk

    try:
        yield make
    finally:
        for disk in reversed(mounted):
            _unmount(disk.root)
