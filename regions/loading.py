"""Federal districts and subjects from regions/data/regions.json."""

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.json"


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
