"""The reading-time rule, applied here to what is stored, independently of the code that
stored it: every writer of articles (the admin, the demo, the generator, the importer) must
agree with it."""

from articles.reading_time import count_words, reading_minutes, strip_markup


def body_stats_by_the_rule(article):
    sections = list(article.sections.all())
    words = sum(count_words(section.heading, section.body) for section in sections)
    return {
        "word_count": words,
        "reading_minutes": reading_minutes(words),
        "search_text": " ".join(
            " ".join(strip_markup(f"{section.heading} {section.body}").split())
            for section in sections
        ),
        "section_word_counts": [count_words(s.heading, s.body) for s in sections],
    }


def stored_body_stats(article):
    return {
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "search_text": article.search_text,
        "section_word_counts": [section.word_count for section in article.sections.all()],
    }


def articles_off_the_rule(articles):
    """The (slug, stored, by the rule) of every article whose stored stats are wrong."""
    return [
        (article.slug, stored_body_stats(article), body_stats_by_the_rule(article))
        for article in articles.prefetch_related("sections")
        if stored_body_stats(article) != body_stats_by_the_rule(article)
    ]
