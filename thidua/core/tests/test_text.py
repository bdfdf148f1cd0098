from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import fold, sort_key


def test_fold_strips_diacritics_and_d_bar():
    """“toa an” finds “Tòa án”; đ folds to d."""
    assert fold("Tòa Án Nhân Dân") == "toa an nhan dan"
    assert fold("Đội  Thi hành   án") == "doi thi hanh an"
    assert fold("") == ""


def test_vietnamese_alphabet_order():
    """Ă and Â come after A, Đ after D, Ơ after O, Ư after U."""
    words = ["Đức", "Dung", "Ân", "Anh", "Ăn", "Ơn", "Ông", "Oanh", "Út", "Ưng", "Bình"]
    assert sorted(words, key=sort_key) == [
        "Anh",
        "Ăn",
        "Ân",
        "Bình",
        "Dung",
        "Đức",
        "Oanh",
        "Ông",
        "Ơn",
        "Út",
        "Ưng",
    ]


def test_tones_break_ties_after_letters():
    """Letters decide first; tone order (none, huyền, hỏi, ngã, sắc, nặng) only breaks ties."""
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sort_key("Hà") < sort_key("Hai")


def test_shorter_prefix_first():
    assert sort_key("An") < sort_key("An Bình") < sort_key("Anh")


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạ ", max_size=12), st.text(max_size=12))
def test_sort_key_is_ascii_digits(a, b):
    """Keys are ASCII digits only, so every database collation orders them alike."""
    for value in (a, b):
        assert sort_key(value).isdigit()
