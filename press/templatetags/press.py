"""The media section's template tags: the footer's feeds and channels."""

from django import template

from press.channels import official_channels

register = template.Library()


@register.inclusion_tag("press/footer.html")
def press_footer():
    """Feeds and official channels, for the footer of every page: no query once known."""
    return {"channels": official_channels()}
