import pytest

from chronicle import errors
from chronicle.ingest import load_bytes


def test_cp1251_is_decoded():
    text = "Протесты в Алматы\n\nТысячи людей вышли на улицы в среду, требуя снижения цен на топливо."
    raw = load_bytes(text.encode("cp1251"), "ru.txt")
    assert "Тысячи людей" in raw.body


def test_latin1_is_decoded():
    text = "Café owners in Zürich said the protests were peaceful and orderly on Sunday afternoon."
    raw = load_bytes(text.encode("latin-1"), "de.txt")
    assert "Zürich" in raw.body


def test_binary_is_refused():
    with pytest.raises(errors.InputError, match="binary"):
        load_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "photo.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\n\t "])
def test_empty_is_refused(data):
    with pytest.raises(errors.InputError, match="empty"):
        load_bytes(data, "empty.txt")


def test_error_names_the_file():
    with pytest.raises(errors.InputError) as info:
        load_bytes(b"", "some/dir/file.txt")
    assert info.value.line().startswith("some/dir/file.txt: ")
