"""Shared by the browser tests: axe-core's options and its report in words, the article form's
blocks and their editors, what a reader is told after commenting."""

import re

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def describe(violations):
    lines = []
    for violation in violations:
        impact, rule, help_, url = (violation[k] for k in ("impact", "id", "help", "helpUrl"))
        lines.append(f"  [{impact}] {rule}: {help_} ({url})")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"      {target}")
            lines.append(f"        {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"        {summary[:300]}")
    return "\n".join(lines)


ADD_BLOCK = re.compile(r"^Добавить: блок$", re.IGNORECASE)  # locale/ru: not «еще один Блок»


def add_block(page):
    """Clicks the inline's add link; returns the new form's locator."""
    before = page.locator("#blocks-group .inline-related:not(.empty-form)").count()
    # Django renders it as <a role="button">: a button to assistive technology.
    page.locator("#blocks-group .add-row").get_by_role("button", name=ADD_BLOCK).click()
    row = page.locator(f"#blocks-{before}")
    row.wait_for()
    return row


def editor_frame(page, row):
    """The CKEditor of a block form, once it is up: the iframe exists inside that form."""
    row.locator(".cke iframe.cke_wysiwyg_frame").wait_for(state="visible")
    return row.frame_locator("iframe.cke_wysiwyg_frame")


NOTICE = "Спасибо! Ваш комментарий отправлен на модерацию."
