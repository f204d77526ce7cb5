"""The report dialog refuses hostile images when they are added, with the service's words.

The photo list checks each file through the facade (``ws.check_photo``), which runs the
same decoding check as the service's upload: an officer learns at once that a file
will not do, with the very message the service would give, and the good photos
already in the list stay.
"""

from __future__ import annotations

import pytest

from gridapp.errors import ValidationError
from gridapp.store.files import inspect_photo
from tests.server.hostile_images import hostile_images
from tests.ui.report_helpers import photo
from ui.report.photo_list import PhotoList
from ui.tasks import TaskRunner

HOSTILE = hostile_images()


@pytest.mark.parametrize("name", ["bomb_png_59mp", "truncated_jpeg", "png_html_polyglot"])
def test_a_hostile_image_is_refused_when_added_with_the_services_message(qtbot, ws, tmp_path, name):
    data, code = HOSTILE[name]
    with pytest.raises(ValidationError) as service_says:
        inspect_photo(data)  # what the service answers to the same bytes
    assert service_says.value.code == code
    photos = PhotoList(ws, TaskRunner(inline=True))
    qtbot.addWidget(photos)
    photos.add_files([photo(tmp_path / "good.jpg")])
    hostile = tmp_path / f"{name}.jpg"
    hostile.write_bytes(data)
    photos.add_files([hostile])
    assert [p.path.name for p in photos.photos()] == ["good.jpg"]
    (line,) = photos.message.text().splitlines()
    assert hostile.name in line and service_says.value.message in line


def test_a_jpeg_with_data_after_its_end_is_kept_as_just_the_jpeg(qtbot, ws, tmp_path):
    """A JPEG followed by something else (a motion photo's video, a ZIP) picked on the
    laptop keeps only the photo: what the service later receives is that JPEG alone."""
    data, code = HOSTILE["jpeg_zip_polyglot"]
    with pytest.raises(ValidationError) as service_says:
        inspect_photo(data)  # the service refuses the file as it is
    assert service_says.value.code == code
    photos = PhotoList(ws, TaskRunner(inline=True))
    qtbot.addWidget(photos)
    picked = tmp_path / "polyglot.jpg"
    picked.write_bytes(data)
    photos.add_files([picked])
    assert [p.path.name for p in photos.photos()] == ["polyglot.jpg"]
    kept = ws.check_photo(picked)
    assert kept.size < len(data)
    assert inspect_photo(data[: kept.size]).sha256 == kept.sha256  # the JPEG part, valid
