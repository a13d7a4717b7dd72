"""At most one log line per interval for a failure that repeats on every request (the database
or Redis down), with the number of lines held back: one outage, a few lines, not thousands."""

import threading
import time


class LogThrottle:
    def __init__(self, every):
        self.every = every  # seconds between two lines
        self._lock = threading.Lock()
        self._logged_at = float("-inf")
        self._held = 0

    def due(self):
        """How many lines were held back since the last one, when one may be written now;
        None (and one more held back) when not."""
        now = time.monotonic()
        with self._lock:
            if now - self._logged_at < self.every:
                self._held += 1
                return None
            held, self._held, self._logged_at = self._held, 0, now
        return held
