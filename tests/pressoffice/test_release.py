"""The shared cache's keys carry the release (pressoffice/release.py): a release that changes
how pages are drawn is not served the pages and fragments its predecessor drew."""

from pressoffice.release import release


def _tree(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<main>{{ body }}</main>")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "views.py").write_text("def page(): ...\n")
    return tmp_path


def test_a_changed_template_or_module_is_a_new_release(tmp_path):
    tree = _tree(tmp_path)
    first = release(tree, environ={})
    assert release(tree, environ={}) == first  # the same files, the same release
    (tree / "templates" / "base.html").write_text("<main class=x>{{ body }}</main>")
    second = release(tree, environ={})
    assert second != first
    (tree / "articles" / "views.py").write_text("def page(): return 1\n")
    assert release(tree, environ={}) not in (first, second)


def test_a_moved_file_is_a_new_release(tmp_path):
    tree = _tree(tmp_path)
    first = release(tree, environ={})
    (tree / "templates" / "base.html").rename(tree / "templates" / "layout.html")
    assert release(tree, environ={}) != first


def test_tests_run_time_data_and_tool_caches_are_not_the_release(tmp_path):
    tree = _tree(tmp_path)
    first = release(tree, environ={})
    for folder in ("tests", "var", "__pycache__", ".pytest_cache"):
        (tree / folder).mkdir()
        (tree / folder / "x.py").write_text("changed = True\n")
    (tree / "articles" / "notes.md").write_text("not drawn")
    assert release(tree, environ={}) == first


def test_a_release_the_deployment_names_is_used_as_it_is(tmp_path):
    assert release(_tree(tmp_path), environ={"DJANGO_RELEASE": " v2026.12.06 "}) == "v2026.12.06"


def test_the_redis_cache_keys_carry_the_release(monkeypatch):
    """Read the way production reads its settings: REDIS_URL set, base settings imported."""
    import importlib

    from pressoffice.settings import base

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/0")
    monkeypatch.setenv("DJANGO_RELEASE", "r42")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.CACHES["default"]["KEY_PREFIX"] == "pressoffice:r42"
    finally:
        monkeypatch.delenv("REDIS_URL")
        monkeypatch.delenv("DJANGO_RELEASE")
        importlib.reload(base)
