"""zhibiao (指标): health indicators, targets and rate calculations.

    >>> import zhibiao as zb
    >>> zb.QuotaCompletion(1506, 1600).format(2)      # 任务数1600人，已完成1506人
    '94.13%'
    >>> zb.sex_ratio(427, 374).format(2)
    '114.17'
    >>> col = zb.proportions([104, 58], [124, 60], decimals=1)
    >>> col.rounded.tolist()
    [83.9, 96.7]

The compiled core (zhibiao._core, C++) does the arithmetic; this package adds NumPy and pandas
conveniences on top of it.

Names follow one scheme:

- one value: a class (``Proportion``, ``Rate``, ``QuotaCompletion``) or a function in the
  singular (``proportion_interval``, ``rate_interval``, ``assess_threshold``);
- whole NumPy columns: the plural (``proportions``, ``rates``, ``proportion_intervals``,
  ``rate_intervals``), returning a column object with values, status and errors;
- pandas DataFrames in and out: the ``_frame`` suffix (``proportion_frame``, ``rate_frame``,
  ``measure_frame``, ``expression_frame``, ``benchmark_frame``); the PHE-named table functions
  (``dsr``, ``life_expectancy``, ``funnel_limits`` ...) keep PHEindicatormethods' names;
- code tables, indexed by the code a column holds: ``<CONCEPT>_<COLUMN>_NAMES`` for short
  identifiers (the categories of the column, ``REPORTED_STATUS_NAMES``) and
  ``<CONCEPT>_<COLUMN>_DESCRIPTIONS`` for the text of each code
  (``MEASURE_STATUS_DESCRIPTIONS``, ``LIFE_TABLE_STATUS_DESCRIPTIONS``).

Older names (``proportion``, ``rate``, ``STATUS_DESCRIPTIONS``, ``*_STATUS_REASONS``,
``FUNNEL_*_LABELS``) still work and emit a DeprecationWarning naming the new one.

Each submodule lists its public names in its own ``__all__`` (and its renamed ones in
``_RENAMED``); this package re-exports them, so adding a concept touches its module only.
"""
import importlib as _importlib
import pkgutil as _pkgutil

from . import _deprecated
from ._core import __version__

__all__ = ["__version__"]
_renamed = {}
for _info in sorted(_pkgutil.iter_modules(__path__), key=lambda m: m.name):
    # _core is the compiled module; __main__ is `python -m zhibiao` (docs/cli.md), run, not imported.
    if not _info.name.startswith("_") or _info.name in ("_core", "__main__"):
        continue
    _module = _importlib.import_module(f".{_info.name}", __name__)
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
    __all__ += _module.__all__
    _renamed.update(getattr(_module, "_RENAMED", {}))

# Renamed callables: wrappers that warn on each call; renamed constants: the module __getattr__.
for _old, _new in _renamed.items():
    if callable(globals()[_new]):
        globals()[_old] = _deprecated.callable_alias(_old, _new, globals()[_new])
__getattr__ = _deprecated.module_getattr(
    __name__, {o: n for o, n in _renamed.items() if not callable(globals()[n])}, globals())

del _importlib, _pkgutil, _info, _module, _name, _old, _new
