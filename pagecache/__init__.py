"""Whole public pages for anonymous readers, forgotten by versioned tags, with conditional GET.

Why not Django's per-site cache middleware: every page carries a CSRF token (the comment form,
the accessibility switch), which it would either cache for everyone or vary per visitor; it
cannot forget a page when an editor publishes; and it cannot tell an article page from a list.

This app knows no domain app; the apps tell it what it needs to know (``registry``):

- which views it may keep: ``@cached_page(kind)`` where the view is defined; any other page is
  rendered live;
- what else a page shows (the articles a list shows, found in its context), when a page
  changes by itself (a scheduled publication, comments closing), which cookie selects a
  variant of a page, and which form fields are signed per reader;
- what changed: ``tags.bump()`` from their own saves and signals.

The modules: ``tags`` (tags and their versions), ``registry`` (what apps tell the cache),
``bodies`` (the stored HTML and each worker's memory of it), ``tokens`` (the reader's CSRF
token on a hit, Django's format drawn cheaper), ``middleware`` (serving and storing pages; its
docstring has the rules).
"""
