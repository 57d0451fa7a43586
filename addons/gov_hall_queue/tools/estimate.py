"""The wait a citizen is told: people ahead × mean service time ÷ windows open."""
import math


def estimate_wait_minutes(ahead, mean_service_minutes, windows_open):
    """Minutes until the ticket is called, rounded up; 0 when nobody is ahead."""
    if ahead <= 0:
        return 0
    windows_open = max(int(windows_open or 0), 1)
    return math.ceil(ahead * max(mean_service_minutes or 0.0, 0.0) / windows_open)
