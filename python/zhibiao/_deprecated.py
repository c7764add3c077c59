"""Old public names kept working after a rename, each warning with a DeprecationWarning.

A submodule lists its renamed names in ``_RENAMED = {"old": "new"}``. The package (__init__)
collects them: an old name of a callable becomes a wrapper that warns on every call (so that
``zb.proportion(...)`` still works and says what to use), an old name of a constant is answered
by the package's module-level __getattr__, which warns on every access.
"""
from __future__ import annotations

import functools
import warnings
from typing import Any, Callable, Dict

__all__: list = []  # internal helpers only


def warn(old: str, new: str) -> None:
    warnings.warn(f"zhibiao.{old} is deprecated; use zhibiao.{new}", DeprecationWarning, stacklevel=3)


def callable_alias(old: str, new: str, target: Callable) -> Callable:
    """A function named `old` that warns, then calls `target` (zhibiao.`new`)."""

    @functools.wraps(target)
    def alias(*args: Any, **kwargs: Any):
        warn(old, new)
        return target(*args, **kwargs)

    alias.__name__ = alias.__qualname__ = old
    alias.__doc__ = f"Deprecated alias of {new}.\n\n" + (target.__doc__ or "")
    return alias


def module_getattr(module_name: str, constants: Dict[str, str], namespace: Dict[str, Any]) -> Callable:
    """A PEP 562 module __getattr__ answering each old constant name with the new one's value."""

    def __getattr__(name: str) -> Any:
        if name in constants:
            new = constants[name]
            warnings.warn(f"zhibiao.{name} is deprecated; use zhibiao.{new}", DeprecationWarning, stacklevel=2)
            return namespace[new]
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")

    return __getattr__
