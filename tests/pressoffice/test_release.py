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


def test_the_release_is_read_into_the_settings_and_the_cache_prefix_stays(monkeypatch):
    """Read the way production reads its settings. Only pages and fragments are per release;
    tag versions, sessions and rate limits stay shared: a rollback must see the bumps and the
    logouts made under the release it rolls back from."""
    import importlib

    from pressoffice.settings import base

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/0")
    monkeypatch.setenv("DJANGO_RELEASE", "r42")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.RELEASE == "r42"
        assert reloaded.CACHES["default"]["KEY_PREFIX"] == "pressoffice"
    finally:
        monkeypatch.delenv("REDIS_URL")
        monkeypatch.delenv("DJANGO_RELEASE")
        importlib.reload(base)


def test_a_page_is_kept_per_release(rf, settings):
    from pagecache.middleware import page_key

    request = rf.get("/news/x/")
    settings.RELEASE = "a"
    first = page_key(request)
    assert page_key(request) == first
    settings.RELEASE = "b"
    assert page_key(request) != first


def test_fragments_are_kept_per_release(rf, settings):
    """The article's fragments vary on ``fragment_versions``; the comments' keys name it."""
    from unittest import mock

    from articles import fragments as article_fragments
    from comments import fragments as comment_fragments

    article = mock.Mock(pk=7, slug="x")
    request = rf.get("/news/x/")
    settings.FRAGMENT_CACHE_SECONDS = 3600
    found = {"article:x": "1.0", "site": "2.0"}
    with (
        mock.patch.object(article_fragments, "versions", return_value=found),
        mock.patch.object(article_fragments, "load_body"),
    ):
        settings.RELEASE = "a"
        first = article_fragments.context_for(request, article)["fragment_versions"]
        settings.RELEASE = "b"
        second = article_fragments.context_for(request, article)["fragment_versions"]
    assert first.startswith("a:") and second.startswith("b:")

    # The comments' threads: kept under a key that names the release.
    asked = []
    with mock.patch.object(comment_fragments, "keep", lambda key, *a, **k: asked.append(key)):
        for release in ("a", "b"):
            settings.RELEASE = release
            comment_fragments.section_parts(
                request, mock.Mock(pk=7, slug="x", comment_count=3), 1,
                open_=False, fresh_form=False, tag_versions={"article:x": "1.0"},
            )  # fmt: skip
    assert len(asked) == 2 and asked[0] != asked[1]
    assert ":a:" in asked[0] and ":b:" in asked[1]
