import pytest

from chronicle import errors
from chronicle.ingest import load_path, load_bytes
from tests.conftest import EXAMPLES


def test_page_metadata():
    raw = load_path(EXAMPLES / "tokayev-fire-without-warning.html")
    assert raw.format == "html"
    assert raw.title == "Tokayev authorises troops to fire without warning as Almaty reels"
    assert raw.outlet == "Caspian Courier"
    assert raw.published == "2022-01-07"
    assert raw.authors == ["Caspian Courier correspondents"]


def test_body_has_paragraphs_and_no_page_chrome():
    raw = load_path(EXAMPLES / "tokayev-fire-without-warning.html")
    assert raw.body.startswith("Kazakhstan's President Kassym-Jomart Tokayev said on Friday")
    for chrome in ("Log in", "Share on Facebook", "Advertisement", "Five things to know", "© 2022"):
        assert chrome not in raw.body
    assert "\n\n" in raw.body


def test_page_without_article_is_refused():
    page = b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(errors.InputError, match="no article text"):
        load_bytes(page, "home.html", "html")
