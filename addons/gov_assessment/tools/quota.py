"""The excellent (优秀) quota of one assessment category.

Policy 二(十三): the share of stationed staff graded excellent is at least 15 % and at most 20 % of the
people assessed in each category, counted apart from the home departments' quotas. Small groups:

* upper bound = floor(n × 20 %), but at least 1 when n ≥ 3 (a group of three may have one excellent person);
* lower bound = ceil(n × 15 %), capped by the upper bound;
* below three people nobody is graded excellent (upper = lower = 0).

Shares are exact fractions (integer arithmetic), so 20 people give 3–4, never 2.999…
"""
MIN_PERCENT = 15
MAX_PERCENT = 20
SMALL_GROUP = 3


def excellent_bounds(n, min_percent=MIN_PERCENT, max_percent=MAX_PERCENT):
    """(lower, upper): how many of ``n`` people of one category may be graded excellent."""
    if n < 0:
        raise ValueError("a category has zero or more people")
    upper = n * max_percent // 100
    if n >= SMALL_GROUP:
        upper = max(upper, 1)
    lower = -(-n * min_percent // 100)  # ceiling without floats
    return min(lower, upper), upper
