"""The quotes stage: direct and indirect quotes, their speaker, cue, addressee and time."""

import pytest

import chronicle
from chronicle.pipeline import STAGES
from chronicle.pipeline.quotes import lexicon, pair_marks
from tests.conftest import entity_named

needs_coref = pytest.mark.skipif(
    "coref" not in STAGES, reason="pronoun speakers ('he said') come from the coref stage (chronicle/pipeline/coref.py)"
)


def read(text: str):
    result = chronicle.extract_text(text, published="2023-03-17")
    names = {e.id: e.name for e in result.entities}
    return result, names


def spoken(result, quote) -> str | None:
    span = quote.speaker_span
    return None if span is None else result.document.text[span.start:span.end]


# -- the example ------------------------------------------------------------------------------


def test_the_three_direct_quotes_of_the_example_are_assylovs(coup):
    assylov = entity_named(coup, "Berik Assylov").id
    direct = [q for q in coup.quotes if q.kind == "direct"]
    assert [q.text.split()[:3] for q in direct] == [["We", "can", "say"], ["The", "tragedy", "of"], ["As", "a", "result,"]]
    assert [q.cue for q in direct] == ["told", "said", "said"]
    assert direct[0].speaker == assylov and direct[1].speaker == assylov


@needs_coref
def test_the_third_direct_quote_is_assylovs_through_he(coup):
    direct = [q for q in coup.quotes if q.kind == "direct"]
    assert direct[2].speaker == entity_named(coup, "Berik Assylov").id  # '..., he said'


def test_the_first_quote_is_told_to_the_majilis_on_thursday(coup):
    first = next(q for q in coup.quotes if q.kind == "direct")
    assert first.addressee == entity_named(coup, "Majilis").id
    thursday = next(t for t in coup.times if t.text == "Thursday")
    assert first.time == thursday.id
    assert spoken(coup, first) == "Assylov"


def indirect_statements(coup):
    """The four indirect statements of the issue, by the words they start with."""
    starts = {
        "announced": "that the protests which erupted",
        "noted": "The chronology of the protests",
        "also said that": "that on the orders of",
        "he also said": "More information will be given",
    }
    return {key: next((q for q in coup.quotes if q.kind == "indirect" and q.text.startswith(s)), None)
            for key, s in starts.items()}


def test_the_named_indirect_statements_are_assylovs(coup):
    assylov = entity_named(coup, "Berik Assylov").id
    found = indirect_statements(coup)
    assert found["announced"].speaker == assylov and found["announced"].cue == "has announced"
    assert found["noted"].speaker == assylov and found["noted"].cue == "noted"


@needs_coref
def test_at_least_three_of_the_four_indirect_statements_are_assylovs(coup):
    assylov = entity_named(coup, "Berik Assylov").id
    found = indirect_statements(coup)
    assert sum(q is not None and q.speaker == assylov for q in found.values()) >= 3
    assert found["also said that"].speaker == assylov  # "He also said that ..."


def test_saying_and_adding_take_the_subject_of_their_verb(coup):
    by_cue = {q.cue: q for q in coup.quotes}
    assert by_cue["saying"].text.startswith("the investigation determined those responsible")
    assert spoken(coup, by_cue["saying"]) == "Assylov"
    assert by_cue["adding"].text == "that Massimov is on trial as one of the main organisers of the protests"


def test_figures_in_a_quote_are_linked_to_it(coup):
    by_value = {q.value: q for q in coup.quantities}
    third = [q for q in coup.quotes if q.kind == "direct"][2]
    assert by_value[3000].quote == third.id and by_value[2000].quote == third.id


def test_a_quoted_phrase_inside_a_sentence_is_not_a_quote_of_its_own(coup):
    assert not any(q.text.strip("“”\"") == "coup attempt" for q in coup.quotes)


def test_every_quote_points_into_the_text(coup):
    text = coup.document.text
    for q in coup.quotes:
        assert text[q.start:q.end] == q.text
        assert text[q.cue_span.start:q.cue_span.end] == q.cue


# -- constructions ----------------------------------------------------------------------------


def test_straight_quotes_with_the_cue_after():
    result, names = read('Officials met on Monday.\n\n"We will rebuild the city," Mayor John Smith told reporters on '
                         'Monday.\n\nThe talks continued.')
    (q,) = result.quotes
    assert (q.kind, q.text, q.cue) == ("direct", "We will rebuild the city", "told")
    assert names[q.speaker] == "John Smith" and spoken(result, q) == "Mayor John Smith"
    assert q.time is not None


def test_a_quote_interrupted_by_its_cue_is_two_quotes_of_one_speaker():
    result, names = read('John Smith met the delegation.\n\n“The talks failed,” Smith said. '
                         '“We will try again next week.”\n\nNothing else happened.')
    first, second = result.quotes
    assert (first.text, second.text) == ("The talks failed", "We will try again next week.")
    assert first.speaker == second.speaker and names[first.speaker] == "John Smith"
    assert first.cue_span == second.cue_span


def test_a_cue_before_the_quote():
    result, names = read("John Smith spoke in Astana.\n\nSmith told reporters: “We will not resign.”")
    (q,) = result.quotes
    assert (q.kind, q.text, q.cue, names[q.speaker]) == ("direct", "We will not resign.", "told", "John Smith")


def test_a_quote_over_two_paragraphs_reopens_at_each():
    result, _ = read("John Smith spoke in Astana.\n\n“The first paragraph of what he said goes here.\n\n"
                     "“And the second paragraph follows it,” Smith said.\n\nThe end.")
    (q,) = result.quotes
    assert q.text.startswith("The first paragraph") and q.text.endswith("the second paragraph follows it")


def test_indirect_speech_before_and_after_its_cue():
    result, names = read("John Smith said that the army had withdrawn from the city. The army had withdrawn, Smith "
                         "said.")
    first, second = result.quotes
    assert (first.kind, first.text, first.cue) == ("indirect", "that the army had withdrawn from the city", "said")
    assert (second.text, second.cue) == ("The army had withdrawn", "said")
    assert names[first.speaker] == names[second.speaker] == "John Smith"


def test_according_to_on_either_side():
    result, names = read("According to the Interior Ministry, 40 people died. Dozens of people were injured, "
                         "according to the police.")
    first, second = result.quotes
    assert (first.text, first.cue, names[first.speaker]) == ("40 people died", "According to", "Interior Ministry")
    assert (second.text, second.cue, spoken(result, second)) == ("Dozens of people were injured", "according to",
                                                                 "the police")
    assert second.speaker is None  # "the police" is no named entity: null, not a guess


def test_announced_noted_saying():
    result, names = read("Prosecutor General John Smith has announced that the protests were a “coup attempt”. The "
                         "investigation was completed, Smith noted, saying the organisers had been identified.")
    assert [(q.cue, q.text) for q in result.quotes] == [
        ("has announced", "that the protests were a “coup attempt”"),
        ("noted", "The investigation was completed"),
        ("saying", "the organisers had been identified"),
    ]
    assert {names[q.speaker] for q in result.quotes} == {"John Smith"}


def test_the_addressee_is_the_entity_told():
    result, names = read("John Smith told the parliament, the Majilis, that the protests were planned.")
    (q,) = result.quotes
    assert names[q.addressee] == "Majilis"


@needs_coref
def test_he_said_is_resolved_by_coreference():
    result, names = read("John Smith told the parliament that the protests were planned. He also said that the army "
                         "had withdrawn.")
    assert names[result.quotes[1].speaker] == "John Smith" and spoken(result, result.quotes[1]) == "He"


def test_beliefs_can_be_left_out():
    from chronicle.config import Settings
    from chronicle.ingest import load_bytes
    from chronicle.pipeline import Pipeline

    text = "John Smith believes that the army will return. Smith said the talks failed."
    assert [q.cue for q in read(text)[0].quotes] == ["believes", "said"]
    pipeline = Pipeline(Settings(options={"quotes": {"beliefs": False}}))
    assert [q.cue for q in pipeline.read(load_bytes(text.encode(), "<text>")).quotes] == ["said"]


# -- quote marks ------------------------------------------------------------------------------


def inner(text):
    return [text[m.inner[0]:m.inner[1]] for m in pair_marks(text, lexicon())]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we will win" today.', ["we will win"]),
        ("a “coup attempt\". Then", ["coup attempt"]),  # a curly mark closed by a straight one
        ("Kazakhstan’s leaders called it a ‘coup attempt’.", ["coup attempt"]),  # apostrophes are not marks
        ("“One.\n\n“Two,” he said.", ["One.\n\n“Two,"]),  # reopened at the next paragraph
        ("“Unclosed.\n\nNext paragraph.", []),
        ("''We can,'' she said.", ["We can,"]),
        ("“He called it ‘a disgrace,’ twice,” she said.", ["He called it ‘a disgrace,’ twice,"]),  # nested
    ],
)
def test_pair_marks(text, expected):
    assert inner(text) == expected
