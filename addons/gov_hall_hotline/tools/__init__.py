# Pure-Python helpers (no ORM): the 12345 file layout.
