"""The clean stage on the example article and on junk families seen across news sites."""

import pytest

from chronicle.ingest import load_path
from chronicle.pipeline.clean import clean_body
from tests.conftest import COUP, EXAMPLES

BODY_SENTENCES = [
    "Kazakhstan’s Prosecutor General says an investigation determined that those responsible from the protests were among senior government officials.",
    "Kazakhstan’s Prosecutor General Berik Assylov has announced that the protests which erupted in the country in January 2022 turned out to be a “coup attempt\".",
    "In fact, it was a coup attempt,\" Assylov told the lower house of the parliament, the Majilis, on Thursday.",
    "Assylov noted, saying the investigation determined those responsible to be among senior government officials, as well as crime rings.",
    "Speaking here is an opportunity to tell a wide audience what's going on,\" Assylov further said.",
    "He also said that on the orders of former internal security chief Karim Massimov, buildings of the National Security Committee were abandoned by the employees in some regions.",
    "3,000 gun ammunition fell into their hands.",
    "he said, adding that Massimov is on trial as one of the main organisers of the protests.",
    "More information will be given when the trials are concluded and Former Defense Minister Murat Bektanov’s trial in military court continues, he also said.",
    "On January 2 last year, massive protests broke out in Kazakhstan over a rise in fuel prices",
    "peacekeepers from Russia, Belarus, Armenia, and Tajikistan soon arrived in the country and backed the Kazakh law enforcement in restoring order.",
]
CAPTION = "Operation to dismiss country's top leadership in conditions of controlled chaos was carefully planned, says Kazakhstan’s prosecutor general."


@pytest.fixture(scope="module")
def coup_clean():
    return clean_body(load_path(COUP).body)


@pytest.mark.parametrize("sentence", BODY_SENTENCES)
def test_every_body_sentence_is_kept(coup_clean, sentence):
    assert sentence in coup_clean[0]


def test_subheading_inside_the_body_is_kept(coup_clean):
    assert "\n\nTrials\n\n" in coup_clean[0]


@pytest.mark.parametrize("junk", ["Loading...", "READ MORE", "Reuters Archive", "Route 6"])
def test_junk_lines_are_gone(coup_clean, junk):
    assert junk not in coup_clean[0]


def test_caption_printed_twice_is_kept_at_most_once(coup_clean):
    assert coup_clean[0].count(CAPTION) <= 1


def test_each_removed_piece_has_its_reason(coup_clean):
    removed = dict(coup_clean[1])
    assert removed["Loading..."] == "boilerplate"
    assert removed["Reuters Archive"] == "credit"
    assert removed["Route 6"] == "boilerplate"
    assert removed["READ MORE: How Russia and China are approaching unrest in Kazakhstan"] == "link"
    assert removed[CAPTION] in ("caption", "duplicate")


def test_caption_with_photo_credit_twice():
    raw = load_path(EXAMPLES / "nazarbayev-pensioner.txt")
    text, removed = clean_body(raw.body)
    assert "Nazarbayev speaking in a video address." not in text
    assert "Photo: Press service" not in text
    assert ("Photo: Press service", "credit") in removed
    assert not text.rstrip().endswith("Share")


BODY = "The interior ministry said 26 people had been killed and more than 3,000 detained in the unrest."


@pytest.mark.parametrize(
    "junk, reason",
    [
        ("Advertisement", "boilerplate"),
        ("Loading…", "boilerplate"),
        ("Share this article", "boilerplate"),
        ("Share on Facebook | Share on Twitter | Copy link", "boilerplate"),
        ("Subscribe to our newsletter for free", "boilerplate"),
        ("Sign up for our daily briefing newsletter", "boilerplate"),
        ("Read more: Five things to know about Kazakhstan", "link"),
        ("Also read: Tokayev sacks cabinet", "link"),
        ("Related Topics: Kazakhstan | Central Asia | Elections", "link"),
        ("WATCH: Protesters storm the mayor's office", "link"),
        ("AFP via Getty Images", "credit"),
        ("Photo: Reuters", "credit"),
        ("Image source, Getty Images", "credit"),
        ("(AP Photo/Vladimir Tretyakov)", "credit"),
        ("3 min read", "boilerplate"),
        ("© 2022 Caspian Courier. All rights reserved.", "boilerplate"),
    ],
)
def test_junk_families(junk, reason):
    text, removed = clean_body(f"{BODY}\n\n{junk}\n\n{BODY.replace('26', '27')}")
    assert junk not in text
    assert (junk, reason) in removed
    assert BODY in text


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices of Kazakh banks fell sharply on Wednesday as the internet blackout spread across the country.",
        "Photographs published by local media showed burned cars near the mayor's office in Almaty on Thursday.",
        "Read more about the protests in our live coverage, the editors wrote in a note to readers on Friday.",
        "Loading of humanitarian cargo began at the airport on Saturday, officials said.",
    ],
)
def test_body_sentences_that_look_like_prompts_survive(sentence):
    text, removed = clean_body(f"{BODY}\n\n{sentence}\n\n{BODY.replace('26', '27')}")
    assert sentence in text, removed


def test_inline_credit_caption():
    text, removed = clean_body(f"{BODY}\n\nSoldiers on Republic Square in Almaty. Photo: Reuters\n\n{BODY}x")
    assert "Soldiers on Republic Square" not in text
    assert ("Soldiers on Republic Square in Almaty. Photo: Reuters", "caption") in removed


def test_short_repeated_heading_is_not_a_duplicate():
    text, _ = clean_body(f"{BODY}\n\nTrials\n\n{BODY}x\n\nTrials\n\n{BODY}y")
    assert text.count("Trials") == 2


@pytest.mark.parametrize(
    "junk",
    [
        "Sign up to our weekly newsletter",
        "Download our free app for the latest breaking news",
        "Tags: Kazakhstan, protests, fuel prices",
    ],
)
def test_newsletter_app_and_filing_prompts(junk):
    text, removed = clean_body(f"{BODY}\n\n{junk}\n\n{BODY.replace('26', '27')}")
    assert junk not in text
    assert junk in [t for t, _ in removed]


def test_sentence_in_an_unspaced_script_is_not_a_fragment():
    ja = "カザフスタンでは燃料価格の上昇に抗議するデモが全国に広がった。"
    text, _ = clean_body(f"{ja}\n\n{BODY}\n\n{ja.replace('全国', '各地')}")
    assert ja in text


def test_recurring_interview_question_is_structure_not_a_duplicate():
    question = "What did you see on the square that morning?"
    body = f"{BODY}\n\n{question}\n\nSmoke, and soldiers everywhere.\n\n{question}\n\nNothing, I stayed home all day."
    text, _ = clean_body(body)
    assert text.count(question) == 2


def test_a_paragraph_printed_again_right_after_goes():
    text, removed = clean_body(f"{BODY}\n\n{BODY}\n\nPolice made arrests on Friday in the city centre.")
    assert text.count(BODY) == 1
    assert (BODY, "duplicate") in removed
