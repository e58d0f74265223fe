"""Street addresses for LOCATION (filters/pii_name_addresses.py): each kind, dates and code left
alone, numbered streets only outside technical text."""

from __future__ import annotations

import pytest

from filters.pii_name_addresses import find_addresses
from filters.pii_name_context import code_spans
from filters.pii_names import _RUN


def addresses(text: str, technical: bool = False) -> list[str]:
    runs = list(_RUN.finditer(text))
    asked: list[bool] = []

    def is_technical() -> bool:
        asked.append(True)
        return technical

    found = find_addresses(text, code_spans(text), runs, is_technical)
    assert all(entity == "LOCATION" and score == 0.75 for _, _, entity, score in found)
    return [text[s:e] for s, e, _, _ in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Send it to 221B Baker Street, London", "221B Baker Street"),
        ("She moved to 12 Rue de la Paix last year", "12 Rue de la Paix"),
        ("Flat 4, Apt 12", "Apt 12"),
        ("write to P.O. Box 1734", "P.O. Box 1734"),
        ("PSC 0729, Box 5797\nAPO AP 96854", "PSC 0729, Box 5797\nAPO AP 96854"),
        ("He lives at 3247 Rua Igreja 25 now", "3247 Rua Igreja 25"),
    ],
)
def test_each_kind_of_address(text: str, expected: str) -> None:
    assert expected in addresses(text)


def test_dates_code_and_technical_text_are_not_addresses() -> None:
    assert addresses("born 13 September 1959 in Lisbon") == []
    assert addresses("see `221B Baker Street` in the fixture") == []
    assert addresses("the 2005 Windows 95 machine", technical=True) == []


def test_prose_without_numbers_never_asks_whether_it_is_technical() -> None:
    asked: list[bool] = []
    text = "Lunch with Maria in Lisbon"
    assert find_addresses(text, [], list(_RUN.finditer(text)), lambda: asked.append(True) or False) == []
    assert asked == []
