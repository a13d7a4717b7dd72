"""What the section tells search engines: its contacts as schema.org ContactPoints."""

from django.conf import settings

from toolkit.jsonld import jsonld


def contact_points(contacts, hours, *, url):
    """The contacts as schema.org ContactPoints of the office, with its hours: JSON-LD."""
    available = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{day}" for day in span.schema_days],
            "opens": f"{span.opens:%H:%M}",
            "closes": f"{span.closes:%H:%M}",
        }
        for span in hours
    ]
    points = []
    for contact in contacts:
        point = {"@type": "ContactPoint", "name": contact.name, "availableLanguage": "ru"}
        point["contactType"] = contact.role or "пресс-служба"
        if contact.phone:
            point["telephone"] = contact.phone_uri.removeprefix("tel:")
        if contact.email:
            point["email"] = contact.email
        if available:
            point["hoursAvailable"] = available
        points.append(point)
    if not points:
        return ""
    return jsonld(
        {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": settings.SITE_OWNER,
            "url": url,
            "contactPoint": points,
        }
    )
