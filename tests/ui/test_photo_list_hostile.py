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


@pytest.mark.parametrize(
    "name", ["bomb_png_59mp", "truncated_jpeg", "png_html_polyglot", "jpeg_zip_polyglot"]
)
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
