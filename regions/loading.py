"""Regions from regions/data: federal districts and subjects (regions.json) and the
municipalities of subjects (municipalities/<subject code>.json)."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "regions.json"
MUNICIPALITIES_DIR = DATA_DIR / "municipalities"
# Municipalities come after the 97 districts and subjects, whatever a subject's place.
MUNICIPALITY_POSITIONS = 1000


def load_regions(region_model):
    """Create or update every district and subject from the data file; returns how many rows."""
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    by_slug = {}
    for position, row in enumerate(rows, start=1):
        region, _ = region_model.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "name_genitive": row["name_genitive"],
                "short_name": row["short_name"],
                "kind": row["kind"],
                "code": row["code"],
                "position": position,
                "parent": by_slug.get(row["district"]),
            },
        )
        by_slug[row["slug"]] = region
    return len(rows)


def municipality_files():
    """The data files of municipalities, one per subject, by name."""
    return sorted(MUNICIPALITIES_DIR.glob("*.json"))


def load_municipalities(region_model):
    """Create or update the municipalities of every subject that has a data file; returns how
    many rows. A file names its subject by ISO code (or slug, for a subject without one)."""
    count = 0
    position = MUNICIPALITY_POSITIONS
    for path in municipality_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        key = data["subject"]
        subject = region_model.objects.filter(code=key).first() or region_model.objects.get(
            slug=key
        )
        for row in data["municipalities"]:
            position += 1
            region_model.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "name_genitive": row["name_genitive"],
                    "short_name": "",
                    "kind": "municipality",
                    "code": None,
                    "position": position,
                    "parent": subject,
                },
            )
            count += 1
    return count
