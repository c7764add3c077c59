"""The memory zhibiao keeps between calls (python/src/output_array.hpp).

Large results (a column of 10^6 rows or more) are written into memory on huge pages. When such a
result is freed, its memory is kept, up to 8 blocks and 256 MiB in all, and handed to the next
result of about the same size: the operating system then does not zero fresh pages on every call
(on 10^7 Wilson intervals that zeroing cost as much as the computation). The kept memory counts
in the process's resident size until it is reused or released; ``release_memory`` gives it back,
for instance before a long pause in a notebook or inside a dask worker that watches its memory.

    >>> import zhibiao as zb
    >>> zb.release_memory() >= 0
    True
"""
from __future__ import annotations

from typing import List

from . import _core

__all__: List[str] = ["release_memory"]
_NO_FORMULA = {"release_memory": "It frees memory and computes no number."}
_NO_REFERENCES = {"release_memory": "Memory handling follows no published method; the module "
                                    "docstring documents it."}


def release_memory() -> int:
    """Frees the memory kept from freed large results for reuse and returns how many bytes it
    gave back to the operating system (0 when nothing was kept). Results still in use are not
    touched; the next large result is allocated afresh.

    Examples
    --------
    >>> col = zb.proportion_intervals(np.full(10**6, 3.0), np.full(10**6, 10.0))
    >>> del col
    >>> zb.release_memory() > 0      # the freed value, lower and upper columns were kept
    True
    >>> zb.release_memory()
    0
    """
    kept = int(_core._output_cache_bytes())
    _core._release_output_cache()
    return kept
