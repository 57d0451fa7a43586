# Pure-Python helpers (no ORM): importable and testable on their own.
