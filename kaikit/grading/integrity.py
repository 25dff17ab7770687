"""Tamper checks for autograding: a static scan of a submission's code, and a run-time guard in every test cell.

Two layers, because neither alone is enough:

* ``scan(source)`` reads a submission's code (never runs it) and reports what could fake a test result: patching a
  function the tests call (``math.isclose = ...``), hooks into the grader (IPython's transformers and exception
  handlers, tracing, code objects, ``builtins``), objects that are "equal" to everything, and code that exits or
  reaches outside its folder.
* ``GuardTests`` (an nbgrader preprocessor, run after nbgrader restores the instructor's tests) puts one line at the
  top of every test cell. When the cell runs, ``verify`` compares each function, class and builtin that the cell uses
  with a fingerprint taken in the grading process: a replaced one makes the test fail with a ``kaikit-integrity``
  message, so a patched helper earns no points.

In-process checks can be defeated by code determined enough to rewrite the checker itself; the static scan flags
the means (``sys.modules``, ``__code__``, ``ctypes``...), and such submissions are held for review.

>>> [finding.kind for finding in scan("import math\\nmath.isclose = lambda *a, **k: True")]
['patched_library']
>>> [finding.kind for finding in scan("x = sum([1, 2])\\nimport pandas as pd\\npd.options.display.max_rows = 5")]
[]
"""
import ast
import builtins
import importlib
import sys
import types
from dataclasses import dataclass

GUARD_TAG = "kaikit-integrity"
GUARD_COMMENT = f"  # {GUARD_TAG}: the kit checks that the functions this test uses are the real ones"
# Automatic points are held at 0 for review: these could fake a result, or hide code from the static scan. A name
# the notebook merely redefines (``def sum``, ``max = 3``; "patched_helper") fails only the tests that use it: a
# student can do that by accident, and it cannot make another test pass.
SEVERE = {"grading_hook", "always_equal", "dynamic_code", "patched_library"}

# Attribute paths a program may legitimately assign to (settings, not functions).
SETTING_NAMES = {"options", "rcParams", "display", "mode"}
HOOK_NAMES = {"get_ipython", "settrace", "setprofile", "excepthook", "displayhook", "set_custom_exc",
              "input_transformers_cleanup", "input_transformers_post", "ast_transformers", "showtraceback",
              "__code__", "__globals__", "__builtins__", "f_globals", "f_locals", "f_back", "_getframe",
              "get_referrers", "get_objects", "register_cell_magic"}
HOOK_MODULES = {"builtins", "ctypes", "gc", "IPython", "inspect_hook", "sys.modules"}
EXIT_CALLS = {("sys", "exit"), ("os", "_exit"), ("os", "kill"), ("os", "abort"), ("os", "killpg"), (None, "exit"),
              (None, "quit")}
DYNAMIC_CALLS = {"exec", "eval", "compile", "__import__"}
PROCESS_MODULES = {"subprocess", "multiprocessing", "pty"}
PROCESS_CALLS = {"os.fork", "os.system", "os.popen", "os.spawnl", "os.spawnv", "os.execv", "os.execl"}


@dataclass(frozen=True)
class Finding:
    kind: str      # patched_library, patched_helper, grading_hook, always_equal, exits, dynamic_code, outside_files,
    #                processes
    detail: str    # what was found, as code


def _dotted(node):
    """'a.b.c' for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def module_aliases(tree: ast.AST) -> dict:
    """{alias: module name} for the ``import`` statements in ``tree``."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for name in node.names:
                aliases[name.asname or name.name.split(".")[0]] = name.name if name.asname else name.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for name in node.names:
                aliases[name.asname or name.name] = f"{node.module}.{name.name}"
    return aliases


def setup_aliases(cells: list, tests_too: bool = False) -> dict:
    """{alias: module name} imported by the notebook's locked code cells (the setup cell; with ``tests_too``, the
    instructor's test cells as well). Cells that do not parse are skipped."""
    from nbgrader.utils import is_grade, is_locked  # here: the kernel imports this module for verify()

    aliases = {}
    for cell in cells:
        if cell.cell_type == "code" and is_locked(cell) and (tests_too or not is_grade(cell)):
            try:
                aliases.update(module_aliases(ast.parse(cell.source)))
            except SyntaxError:
                pass
    return aliases


def _returns_constant(function):
    body = [n for n in function.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    return (len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, bool))


def scan(source: str, known_modules=()) -> list[Finding]:
    """Findings in one cell's code (``known_modules``: aliases of modules imported elsewhere, e.g. ``kk``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []   # a syntax error cannot fake anything: the cell fails when it runs
    modules = set(module_aliases(tree)) | set(known_modules) | {"builtins", "__builtins__"}
    findings = []

    def add(kind, node):
        findings.append(Finding(kind, ast.unparse(node)[:120]))

    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for target in targets:
            dotted = _dotted(target) if isinstance(target, ast.Attribute) else None
            if dotted and dotted.split(".")[0] in modules and not SETTING_NAMES & set(dotted.split(".")[1:]):
                hook = dotted.split(".")[0] in ("builtins", "__builtins__", "sys")
                add("grading_hook" if hook else "patched_library", target)
            if isinstance(target, ast.Subscript) and _dotted(target.value) in ("sys.modules", "__builtins__"):
                add("grading_hook", target)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            if any(n and n.split(".")[0] in HOOK_MODULES for n in names):
                add("grading_hook", node)
            if any(n and n.split(".")[0] in PROCESS_MODULES for n in names):
                add("processes", node)
        elif isinstance(node, (ast.Attribute, ast.Name)):
            name = node.attr if isinstance(node, ast.Attribute) else node.id
            if name in HOOK_NAMES or _dotted(node) == "sys.modules":
                add("grading_hook", node)
        elif isinstance(node, ast.Call):
            function = node.func
            dotted = _dotted(function) or ""
            head, _, tail = dotted.rpartition(".")
            if (head or None, tail) in EXIT_CALLS:
                add("exits", node)
            elif dotted in PROCESS_CALLS:
                add("processes", node)
            elif dotted in DYNAMIC_CALLS:
                add("dynamic_code", node)
            elif dotted in ("setattr", "delattr") and node.args and _dotted(node.args[0]) in modules:
                add("patched_library", node)
            elif dotted in ("open", "shutil.rmtree", "os.remove", "os.unlink", "os.rename", "os.replace") \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str) \
                    and (node.args[0].value.startswith(("/", "~")) or ".." in node.args[0].value) \
                    and (dotted != "open" or _opens_for_writing(node)):
                add("outside_files", node)
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and callable(vars(builtins).get(node.name)) \
                or isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda) and any(
                    isinstance(t, ast.Name) and callable(vars(builtins).get(t.id)) for t in node.targets):
            findings.append(Finding("patched_helper", f"redefines {getattr(node, 'name', None) or node.targets[0].id}"))
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name in ("__eq__", "__ne__", "__contains__") \
                        and _returns_constant(item):
                    add("always_equal", item)
    # One finding per kind and detail, in the order found.
    return list(dict.fromkeys(findings))


def _opens_for_writing(call):
    mode = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "mode"), None)
    return isinstance(mode, ast.Constant) and isinstance(mode.value, str) and any(c in mode.value for c in "wax+")


# --- the run-time guard -----------------------------------------------------------------------------------------

def fingerprint(obj) -> list:
    """What identifies a library object without holding it: its type, names and where its code lives."""
    code = getattr(obj, "__code__", None) or getattr(getattr(obj, "__func__", None), "__code__", None)
    return [type(obj).__module__, type(obj).__qualname__, str(getattr(obj, "__module__", "")),
            str(getattr(obj, "__qualname__", getattr(obj, "__name__", ""))),
            code.co_filename if code else "", code.co_firstlineno if code else 0]


def _resolve(path):
    """Import the module part of ``path`` ('math.isclose', 'kaikit.pipeline.step') and return the object."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(path)


def watched(test_source: str, setup_aliases: dict) -> dict:
    """{name as written in the test: (module path, fingerprint, whether the notebook's binding of the name counts)}
    for the library callables and builtins that the test cell uses. Computed in the grading process, which runs in
    the same environment as the kernel. Names the test cell imports itself are rebound by it, so only their
    objects count."""
    tree = ast.parse(test_source)
    own = module_aliases(tree)
    aliases = {**setup_aliases, **own}
    assigned = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if not dotted or dotted.split(".")[0] not in aliases:
                continue
            path = ".".join([aliases[dotted.split(".")[0]], *dotted.split(".")[1:]])
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in assigned \
                and node.id in aliases:
            dotted, path = node.id, aliases[node.id]
        elif isinstance(node, ast.Name) and node.id in vars(builtins) and node.id not in assigned \
                and callable(vars(builtins)[node.id]):
            dotted, path = node.id, f"builtins.{node.id}"
        else:
            continue
        try:
            obj = _resolve(path)
        except (ImportError, AttributeError):
            continue
        if callable(obj) or isinstance(obj, types.ModuleType):
            found[dotted] = [path, fingerprint(obj), dotted.split(".")[0] not in own]
    return found


def guard_line(test_source: str, setup_aliases: dict) -> str:
    expected = repr(watched(test_source, setup_aliases))   # a Python literal: strings, numbers, lists, booleans
    return f"__import__('kaikit.grading.integrity').grading.integrity.verify(globals(), {expected}){GUARD_COMMENT}\n"


def _replaced(name, path, expected, check_binding, namespace):
    """How the submission changed what the test calls ``name``: "library" (the module's object itself was
    replaced), "name" (the notebook's binding of it was), or None (genuine)."""
    head = name.split(".")[0]
    try:
        actual = _resolve(path)
    except (ImportError, AttributeError):
        return "library"
    if fingerprint(actual) != expected:
        return "library"
    if check_binding and head in namespace:   # the name the test will look up in the notebook's namespace
        bound = namespace[head]
        wanted = _resolve(path.rsplit(".", name.count("."))[0]) if "." in name else actual
        if bound is not wanted and not (path.startswith("builtins.") and not callable(bound)):
            return "name"
    return None


def _ipython_hooks():
    """Names of grader hooks installed in the running IPython, if any."""
    try:
        shell = sys.modules["IPython"].get_ipython()
    except (KeyError, AttributeError):
        return []
    if shell is None:
        return []
    found = []
    if getattr(shell, "custom_exceptions", ()):
        found.append("set_custom_exc")
    if getattr(shell, "ast_transformers", []):
        found.append("ast_transformers")
    if getattr(shell, "input_transformers_post", []):
        found.append("input_transformers_post")
    if any(not str(getattr(f, "__module__", "")).startswith("IPython")
           for f in getattr(shell, "input_transformers_cleanup", [])):
        found.append("input_transformers_cleanup")
    if sys.gettrace() is not None and "pydevd" not in sys.modules:
        found.append("sys.settrace")
    return found


def verify(namespace: dict, expected: dict) -> None:
    """Raise AssertionError if anything this test cell uses was replaced by the submission (called by the guard).
    The message starts ``kaikit-integrity[library]`` when a library's own function or a grader hook was replaced
    (tampering: the whole submission is held for review), ``kaikit-integrity[name]`` when the notebook only
    redefined a name the test uses (that test fails)."""
    found = {name: _replaced(name, path, expected_fingerprint, binding, namespace)
             for name, (path, expected_fingerprint, binding) in expected.items()}
    replaced = [name for name, kind in found.items() if kind] + _ipython_hooks()
    if replaced:
        kind = "name" if set(found.values()) <= {"name", None} and not _ipython_hooks() else "library"
        from ..i18n import bilingual

        raise AssertionError(f"{GUARD_TAG}[{kind}]: {', '.join(replaced)} — {bilingual('integrity_replaced')}")


def strip_guard(source: str) -> str:
    """``source`` without the guard line."""
    return "".join(line for line in source.splitlines(keepends=True) if GUARD_TAG not in line)
