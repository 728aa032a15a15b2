"""Bounded waiting: every wait in this suite has a deadline and says what it waited for."""
import time


class GaveUp(AssertionError):
    """Raised by a check when waiting longer cannot help (the process has exited)."""


def wait_until(check, timeout, what, interval=0.1, last_seen=None):
    """Calls check() until it returns a truthy value; fails naming `what` after `timeout` s,
    with what `last_seen()` reports then, if given."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = check()
            if value:
                return value
        except GaveUp:
            raise
        except Exception as error:  # the service may not be up yet
            last_error = error
        if time.monotonic() >= deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            if last_seen is not None:
                detail += f"; last seen: {last_seen()}"
            raise AssertionError(f"timed out after {timeout}s waiting for {what}{detail}")
        time.sleep(interval)
