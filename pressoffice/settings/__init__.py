"""Settings modules: ``dev`` (the default of manage.py), ``test`` and ``production``."""
