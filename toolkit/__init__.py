"""The ground floor: tools every app may use and that know no app.

Text (slugs, transliteration, typography, the one morphology analyser), public images (the
field, its renditions, safe upload names), the admin's guards, the client's address and the
template tags built on them. Nothing here imports an app of ours or the project
(tests/test_floors.py holds it to that), so any app can stand on it.
"""
