"""The static files' storage: WhiteNoise's compressed manifest storage, whose addresses are
remembered per process.

Every page prints four static addresses (styles, font, icon, emblem) and the manifest storage
works each one out again, about a hundred Python calls apiece, though an address changes only
with a new collectstatic, that is with a new release and new processes (issue 15).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class RememberingManifestStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self.urls[name]
        except KeyError:
            url = super().url(name)  # a name missing from the manifest raises, and is not kept
            if len(self.urls) < 10_000:  # names come from templates; bounded all the same
                self.urls[name] = url
            return url
