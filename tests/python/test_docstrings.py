"""Issue 19 item 3: types and docs. Every public function and class of zhibiao (the package's
``__all__`` and the public submodules zhibiao.plot and zhibiao.dask) has a docstring with a
``Formula`` section (what it computes), a ``References`` section (the method's source) and an
``Examples`` section whose examples run; the examples are run here, so this file is the
doctest stage of CI. The compiled core's stubs (_core.pyi) declare every name and member the
binding defines, and every public Python function is annotated.

The docstring layout is numpydoc's (the convention of NumPy and pandas, whose users are ours):

    Summary line.

    Formula
    -------
    completion = done / quota × 100 (per cent)

    References
    ----------
    ...

    Examples
    --------
    >>> zb.QuotaCompletion(1506, 1600).format(2)
    '94.13%'

Examples start with ``zb`` (zhibiao), ``np`` (numpy) and ``pd`` (pandas) imported, as pandas'
own docstrings assume ``pd`` and ``np``. A name whose docstring has no formula or no reference
for a reason (an exception class, a reader, a plot) is listed with that reason in its module's
``_NO_FORMULA`` / ``_NO_REFERENCES`` dict; the reason is checked to be a sentence, and a listed
name that does carry the section is an error (the list must not go stale).
"""
import ast
import doctest
import importlib
import inspect
import pathlib
import pkgutil
import re

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb
import zhibiao._core as core

PACKAGE = pathlib.Path(zb.__file__).parent
SECTION = re.compile(r"^(?P<name>[A-Z][A-Za-z ]+)\n-{3,}[ \t]*$", re.MULTILINE)


def _modules():
    """(module, public names) of every zhibiao module with an ``__all__``."""
    out = []
    for info in sorted(pkgutil.iter_modules(zb.__path__), key=lambda m: m.name):
        if info.name in ("_core", "__main__"):
            continue
        module = importlib.import_module(f"zhibiao.{info.name}")
        if hasattr(module, "__all__"):
            out.append((module, list(module.__all__)))
    return out


MODULES = _modules()
PUBLIC = [(m, name, getattr(m, name)) for m, names in MODULES for name in names
          if callable(getattr(m, name)) or inspect.isclass(getattr(m, name))]
IDS = [f"{m.__name__}.{name}" for m, name, _ in PUBLIC]


def _sections(doc: str):
    """Section name -> body text of a numpydoc docstring."""
    marks = list(SECTION.finditer(doc))
    return {m.group("name"): doc[m.end():marks[i + 1].start() if i + 1 < len(marks) else len(doc)]
            for i, m in enumerate(marks)}


def test_every_public_callable_is_found():
    # The walk sees the package's re-exports and both public submodules; an empty walk would make
    # every test below vacuous.
    names = {name for _, name, _ in PUBLIC}
    assert {"QuotaCompletion", "assess_quota_frame", "evaluate", "funnel", "combine_cells"} <= names
    assert len(PUBLIC) >= 120


@pytest.mark.parametrize("module,name,obj", PUBLIC, ids=IDS)
def test_docstring_has_formula_reference_and_example(module, name, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name}: no docstring"
    sections = _sections(doc)
    assert ">>>" in sections.get("Examples", ""), f"{name}: no Examples section with a >>> example"
    for section, exempt in (("Formula", "_NO_FORMULA"), ("References", "_NO_REFERENCES")):
        reasons = getattr(module, exempt, {})
        if name in reasons:
            assert section not in sections, f"{name} has a {section} section but is listed in {exempt}"
            reason = reasons[name]
            assert isinstance(reason, str) and len(reason.split()) >= 3, \
                f"{module.__name__}.{exempt}[{name!r}] needs a reason in words"
        else:
            assert sections.get(section, "").strip(), \
                f"{name}: no {section} section (or list it in {module.__name__}.{exempt} with a reason)"


def test_exemption_lists_name_public_callables():
    for module, names in MODULES:
        for exempt in ("_NO_FORMULA", "_NO_REFERENCES"):
            stale = set(getattr(module, exempt, {})) - set(names)
            assert not stale, f"{module.__name__}.{exempt} lists names it does not export: {stale}"


def _examples():
    """(id, docstring owner) of every docstring in the public surface that holds an example:
    the modules, the public callables and the public members of the public classes."""
    seen, out = set(), []

    def add(label, obj):
        doc = inspect.getdoc(obj) if not isinstance(obj, str) else obj
        if doc and ">>>" in doc and id(obj) not in seen:
            seen.add(id(obj))
            out.append(pytest.param(label, doc, id=label))

    add("zhibiao", zb)
    for module, _ in MODULES:
        add(module.__name__, module)
    for module, name, obj in PUBLIC:
        add(f"{module.__name__}.{name}", obj)
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if member.startswith("_") and member != "__init__":
                    continue
                target = value.fget if isinstance(value, property) else value
                add(f"{module.__name__}.{name}.{member}", target)
    return out


EXAMPLES = _examples()


def test_examples_are_collected():
    assert len(EXAMPLES) >= 120


@pytest.mark.parametrize("label,doc", EXAMPLES)
def test_docstring_examples_run(label, doc):
    globs = {"zb": zb, "np": np, "pd": pd}
    test = doctest.DocTestParser().get_doctest(doc, globs, label, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = []
    with pd.option_context("display.width", 100, "display.max_columns", 20):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


# --- stubs and annotations ------------------------------------------------------------------------

def _stub():
    tree = ast.parse((PACKAGE / "_core.pyi").read_text(encoding="utf-8"))
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            names.update({t.id: node for t in node.targets if isinstance(t, ast.Name)})
    return names


def _members(node: ast.ClassDef):
    out = set()
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.ClassDef)):
            out.add(item.name)
        elif isinstance(item, ast.AnnAssign):
            out.add(item.target.id)
        elif isinstance(item, ast.Assign):
            out.update(t.id for t in item.targets if isinstance(t, ast.Name))
    return out


# Attached from Python by zhibiao._display (readable repr and Jupyter HTML), not by the binding.
_ATTACHED = {"_repr_html_", "__repr__"}


def test_core_stub_declares_every_binding_name():
    stub = _stub()
    missing = [n for n in dir(core) if not n.startswith("__") and n not in stub]
    assert not missing, f"_core.pyi does not declare: {missing}"


def test_core_stub_declares_every_class_member():
    stub = _stub()
    missing = []
    for name, node in stub.items():
        cls = getattr(core, name, None)
        if not (isinstance(node, ast.ClassDef) and inspect.isclass(cls)):
            continue
        declared = _members(node)
        for member in vars(cls):
            if member in _ATTACHED or (member.startswith("__") and member != "__init__"):
                continue
            if member == "_pybind11_conduit_v1_":
                continue
            if member == "__init__" and (vars(cls)[member].__doc__ or "").startswith("Initialize self"):
                continue  # pybind11's placeholder for a class without a constructor
            if member not in declared:
                missing.append(f"{name}.{member}")
    assert not missing, f"_core.pyi does not declare: {missing}"


PYTHON_FUNCTIONS = [(f"{m.__name__}.{name}", obj) for m, name, obj in PUBLIC
                    if inspect.isfunction(obj) and getattr(obj, "__module__", "").startswith("zhibiao")]


@pytest.mark.parametrize("label,function", PYTHON_FUNCTIONS, ids=[p[0] for p in PYTHON_FUNCTIONS])
def test_python_functions_are_annotated(label, function):
    signature = inspect.signature(function)
    bare = [p.name for p in signature.parameters.values()
            if p.annotation is inspect.Parameter.empty
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    assert not bare, f"{label}: parameters without a type annotation: {bare}"
    assert signature.return_annotation is not inspect.Signature.empty, f"{label}: no return annotation"


def test_help_shows_the_documentation():
    # help() prints pydoc's rendering: the signature with argument names (not arg0) and the text.
    import pydoc
    page = pydoc.render_doc(zb.assess_quota_frame, renderer=pydoc.plaintext)
    assert "as_of" in page and "Examples" in page
    page = pydoc.render_doc(zb.Proportion, renderer=pydoc.plaintext)
    assert "Examples" in page and "arg0" not in page
