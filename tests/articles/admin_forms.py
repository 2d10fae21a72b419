"""Build the POST data of the admin article form, as the browser would send it."""

from articles.body import join_sections
from articles.models import Article


def article_form_data(article=None, *, sections=None, authors=None, **fields):
    """``sections``: [(heading, body)] added after the stored body; ``authors``: [Author].
    Existing bylines and body are kept as they are."""
    data = {
        "title": "A headline",
        "slug": "a-headline",
        "standfirst": "",
        "section": "",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "comments_enabled": "on",
        "loaded_version": "",
        "draft_key": "newsroom-draft:add",
    }
    existing_sections, existing_bylines = [], []
    if article is not None:
        data.update(
            title=article.title,
            slug=article.slug,
            standfirst=article.standfirst,
            section=str(article.section_id),
            status=article.status,
            loaded_version=article.modified_at.isoformat(),
            draft_key=f"newsroom-draft:article:{article.pk}",
        )
        if article.published_at:
            from django.utils import timezone

            local = timezone.localtime(article.published_at)
            data["published_at_0"] = local.strftime("%Y-%m-%d")
            data["published_at_1"] = local.strftime("%H:%M:%S")
        existing_sections = list(article.sections.all())
        existing_bylines = list(article.bylines.all())
    data["body"] = join_sections(
        [(s.heading, s.body) for s in existing_sections] + list(sections or [])
    )
    data.update(fields)

    byline_rows = [{"id": b.pk, "order": b.order, "author": b.author_id} for b in existing_bylines]
    byline_rows += [
        {"id": "", "order": len(byline_rows) + i, "author": a.pk}
        for i, a in enumerate(authors or [])
    ]
    data.update(_formset("bylines", byline_rows, initial=len(existing_bylines), article=article))
    data.update(_formset("notes", [], initial=0, article=article))
    return {k: v for k, v in data.items() if v is not None}


def _formset(prefix, rows, *, initial, article):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = "" if value is None else str(value)
        data[f"{prefix}-{index}-article"] = str(article.pk) if article else ""
    return data


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"
__all__ = ["Article", "article_form_data", "change_url", "ADD_URL", "CHANGELIST_URL"]
