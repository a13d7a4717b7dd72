"""What a staff request may change: every row of the editorial, comment, staff and revision
tables, read in a fixed order so two snapshots compare equal exactly when nothing changed."""

from django.apps import apps

# Sessions, login attempts and admin log entries are written by answering at all; the rest
# is what a refused request must leave alone.
WATCHED = [
    "articles.Article", "articles.Block", "articles.Photo", "articles.Topic",
    "articles.SlugRedirect", "articles.Article_regions", "articles.Article_topics",
    "people.Person", "people.Appointment", "regions.Region",
    "pressoffice.User", "pressoffice.User_groups", "auth.Group", "auth.Group_permissions",
    "comments.Comment", "comments.CommentReport", "comments.ModerationDecision",
    "comments.StopWord", "reversion.Revision", "reversion.Version", "sites.Site",
    "otp_totp.TOTPDevice", "axes.AccessAttempt",
]  # fmt: skip


def _model(label):
    app_label, name = label.split(".")
    if "_" in name:
        model_name, field = name.split("_", 1)
        return getattr(apps.get_model(app_label, model_name), field).through
    return apps.get_model(app_label, name)


def snapshot():
    return {label: list(_model(label)._default_manager.order_by("pk").values())
            for label in WATCHED}  # fmt: skip
