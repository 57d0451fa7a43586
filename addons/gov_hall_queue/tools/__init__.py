# Pure-Python helpers (no ORM).
