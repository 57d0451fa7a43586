"""The excellent quota of an assessment category (gov_assessment/tools/quota.py), for every group size 0–30."""
import math

import pytest
from gov_assessment_tools.quota import excellent_bounds


@pytest.mark.parametrize("n", range(31))
def test_bounds_follow_the_stated_rule(n):
    lower, upper = excellent_bounds(n)
    if n < 3:
        assert (lower, upper) == (0, 0)  # a group of one or two has no excellent person
        return
    assert upper == max(math.floor(n * 0.2 + 1e-9), 1)
    assert lower == min(math.ceil(n * 0.15 - 1e-9), upper)
    assert 1 <= lower <= upper <= n


@pytest.mark.parametrize("n, expected", [(3, (1, 1)), (6, (1, 1)), (10, (2, 2)), (13, (2, 2)), (20, (3, 4)),
                                         (25, (4, 5)), (30, (5, 6)), (100, (15, 20))])
def test_worked_examples(n, expected):
    assert excellent_bounds(n) == expected


def test_negative_size_refused():
    with pytest.raises(ValueError):
        excellent_bounds(-1)
