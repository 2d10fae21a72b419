import pytest

from articles.reading_time import count_words, reading_minutes, strip_markup


def words(n):
    return " ".join(["word"] * n)


@pytest.mark.parametrize(
    ("word_count", "minutes"),
    [(0, 1), (1, 1), (237, 1), (238, 1), (239, 2), (476, 2), (477, 3), (714, 3), (715, 4)],
)
def test_reading_minutes_rounds_up_at_238_words_per_minute(word_count, minutes):
    assert reading_minutes(word_count) == minutes


def test_reading_minutes_follows_the_setting(settings):
    settings.NEWSROOM_WORDS_PER_MINUTE = 100
    assert reading_minutes(101) == 2


def test_empty_body_has_no_words():
    assert count_words("", None) == 0


def test_markup_only_has_no_words():
    assert count_words("<p></p><br><img src='/a.png' alt='ignored'><hr>") == 0


def test_markup_is_stripped_and_tags_separate_words():
    assert count_words("<p>one <strong>two</strong></p><p>three</p>four") == 4


def test_script_and_style_content_is_not_counted():
    assert count_words("<p>one</p><script>var a = 1;</script><style>p {}</style>") == 1


def test_entities_are_decoded_before_counting():
    assert strip_markup("caf&eacute; &amp; bar").split() == ["café", "&", "bar"]


def test_exactly_238_and_239_words_of_html():
    assert reading_minutes(count_words(f"<p>{words(238)}</p>")) == 1
    assert reading_minutes(count_words(f"<p>{words(200)}</p>", words(39))) == 2
