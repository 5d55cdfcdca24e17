from __future__ import annotations

import random
import re

import numpy as np
import pytest

from commandcenter.geo import names


@pytest.mark.parametrize(
    "pool",
    [names.STREET_NAMES, names.TOWN_NAMES, names.PLACE_STEMS, names.PERSON_SURNAMES, names.PERSON_GIVEN],
)
def test_pools_have_no_duplicates(pool: tuple[str, ...]) -> None:
    assert len(set(pool)) == len(pool)


@pytest.mark.parametrize("make_rng", [np.random.default_rng, random.Random])
def test_person_names_and_phones(make_rng: type) -> None:
    rng = make_rng(42)
    people = [names.person_name(rng) for _ in range(500)]
    phones = [names.phone(rng) for _ in range(500)]
    for name in people:
        assert 2 <= len(name) <= 3
        assert name[0] in names.PERSON_SURNAMES
        assert all(ch in names.PERSON_GIVEN for ch in name[1:])
    assert len(set(people)) > 400
    assert all(re.fullmatch(r"1[3-9]\d{9}", p) for p in phones)
    # Common surnames come up more often than rare ones.
    assert sum(n[0] == "王" for n in people) > sum(n[0] == "严" for n in people)
    # Same seed, same output.
    again = make_rng(42)
    assert [names.person_name(again) for _ in range(500)] == people
