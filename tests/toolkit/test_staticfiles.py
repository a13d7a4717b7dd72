"""Static addresses are worked out once per process (issue 15), and a name the manifest lacks
still fails loudly, every time."""

import json
from unittest import mock

import pytest

from toolkit.staticfiles import RememberingManifestStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return RememberingManifestStorage(location=tmp_path, base_url="/static/")


def test_an_address_is_worked_out_once(storage):
    with mock.patch.object(storage, "stored_name", wraps=storage.stored_name) as stored_name:
        first = storage.url("css/site.css")
        again = storage.url("css/site.css")
    assert first == again == "/static/css/site.0123abcd.css"
    assert stored_name.call_count == 1


def test_a_name_missing_from_the_manifest_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
    assert "css/missing.css" not in storage.urls
