import json

import jsonschema

from chronicle.contract import json_schema


def test_committed_schema_is_generated_from_the_models(schema):
    assert schema == json.loads(json.dumps(json_schema())), "run 'make schema' and review the diff"


def test_example_output_validates_against_schema(coup, schema):
    jsonschema.validate(coup.to_dict(), schema)


def test_every_offset_points_into_the_text(coup):
    text = coup.document.text
    for entity in coup.entities:
        for m in entity.mentions:
            assert text[m.start:m.end] in [entity.name, *entity.aliases]
    for item in [*coup.times, *coup.quantities, *coup.quotes]:
        assert text[item.start:item.end] == item.text


def test_references_resolve_within_the_document(coup):
    ids = {e.id for e in coup.entities} | {t.id for t in coup.times} | {q.id for q in coup.quantities}
    for event in coup.events:
        for ref in [*event.actors, *event.targets, event.place, event.time, event.reported_by]:
            assert ref is None or ref in ids
    assert sorted(coup.chronology) == sorted(e.id for e in coup.events)


def test_schema_rejects_a_missing_field(coup, schema):
    data = coup.to_dict()
    del data["document"]["published"]
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted a document without 'published'")
