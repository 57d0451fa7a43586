# Pure-Python helpers (no ORM): the exchange layout, shared with tests/exchange_validator.py.
