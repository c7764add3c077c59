"""How many threads the column kernels use (zhibiao/threads.hpp).

    >>> import zhibiao as zb
    >>> zb.set_threads(2)          # every later call: up to 2 threads (0: the hardware's)
    >>> with zb.thread_limit(1):   # calls from this Python thread only, inside the block
    ...     zb.threads()
    1
    >>> zb.threads()
    2
    >>> zb.set_threads(0)

Large columns (intervals, rates, the cube's roll-ups, standardisation) are split across a
persistent pool of worker threads, with the GIL released; results do not depend on the count.
``thread_limit`` is per thread: one Python thread can run single-threaded (for instance inside a
process that already runs one task per core) while the others use the pool. The process count is
a global setting: a change applies to calls that start after it.
"""
from __future__ import annotations

from typing import List

from . import _core
from ._options import whole_number

__all__: List[str] = ["set_threads", "thread_limit", "threads"]
# Thread settings change how fast a result comes, never the result.
_NO_FORMULA = {
    "set_threads": "A thread setting computes no number; results do not depend on the count.",
    "thread_limit": "A thread setting computes no number; results do not depend on the count.",
    "threads": "It reports a thread setting, which is a count of threads and no measure.",
}
_NO_REFERENCES = {
    "set_threads": "A thread setting follows no published method; the module docstring documents it.",
    "thread_limit": "A thread setting follows no published method; the module docstring documents it.",
    "threads": "A thread setting follows no published method; the module docstring documents it.",
}

#: The largest count accepted (the library starts no more threads than this).
_MOST_THREADS = 1024


def _count(value, field: str) -> int:
    n = whole_number(value, field)
    if not 0 <= n <= _MOST_THREADS:
        raise _core.InvalidInput(f"{field}: must be 0 (the hardware's count) to {_MOST_THREADS}, "
                                 f"got {value!r}")
    return n


def set_threads(n: int) -> None:
    """Sets the number of threads a call may use, for every thread without a ``thread_limit``;
    takes one whole number, 0 (the initial setting) is the hardware's count. The calling thread
    counts as one.

    Examples
    --------
    >>> zb.set_threads(2)
    >>> with zb.thread_limit(0):   # this thread back to the hardware's count, others keep 2
    ...     pass
    >>> zb.threads()
    2
    >>> zb.set_threads(0)
    """
    _core._set_thread_count(_count(n, "threads"))


def threads() -> int:
    """The number of threads a call made now from this thread may use (one whole number, at
    least 1): this thread's ``thread_limit`` if one is entered, else the process count.

    Examples
    --------
    >>> with zb.thread_limit(3):
    ...     zb.threads()
    3
    >>> zb.threads() >= 1
    True
    """
    return _core._thread_count()


def thread_limit(n: int) -> "_core._ThreadLimit":
    """A context manager: inside ``with zb.thread_limit(n):`` (n a whole number) the calls made
    by this thread use ``n`` threads (0: the hardware's) instead of the process count; other
    threads are unaffected. Limits nest. Enter and leave it on the same thread.

    Examples
    --------
    >>> with zb.thread_limit(1):
    ...     with zb.thread_limit(2):
    ...         inner = zb.threads()
    ...     outer = zb.threads()
    >>> inner, outer
    (2, 1)
    """
    return _core._ThreadLimit(_count(n, "threads"))
