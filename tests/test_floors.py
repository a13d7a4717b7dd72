"""The floors of the house (docs/decisions/0009-floors.md), read from the imports.

Every ``import`` of every module of ours outside migrations, tests and bench, at module level or
inside a function, is checked against the floors, bottom up:

    toolkit      shared tools; imports no app of ours
    pagecache    whole pages for anonymous readers; knows no domain app
    regions ← people ← recognition ← articles ← comments ← press    the domain, one way
    demo         made-up content: the demo newsroom and the bench's load data; writes through
                 the domain's models, and nothing imports it
    discovery    how readers find the news (search, feeds, sitemaps, region and person pages)
    photobank    the media's photo bank, above discovery (it filters as search does)
    events       announcements; above articles, beside comments
    pressoffice  the project: settings, root URLs, the admin site, staff and roles; nothing
                 imports it

A package may import its own modules and anything on a floor below it; and there is no import
circle between apps, nor between the modules of one app at import time. And no module of ours
(bench included; tests and migrations aside) is over 400 lines: one job per module.
"""

import ast
import collections
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {"migrations", "tests", "bench"}

# What each package may import, besides itself.
BELOW = {
    "toolkit": set(),
    "pagecache": {"toolkit"},
    "regions": {"toolkit", "pagecache"},
    "people": {"toolkit", "pagecache", "regions"},
    "recognition": {"toolkit", "pagecache", "regions", "people"},
    "articles": {"toolkit", "pagecache", "regions", "people", "recognition"},
    "comments": {"toolkit", "pagecache", "regions", "people", "recognition", "articles"},
    "events": {"toolkit", "pagecache", "regions", "people", "recognition", "articles"},
    "press": {"toolkit", "pagecache", "regions", "people", "recognition", "articles", "comments"},
    "demo": {"toolkit", "pagecache", "regions", "people", "recognition", "articles", "comments",
             "press", "events"},
    "discovery": {"toolkit", "pagecache", "regions", "people", "recognition", "articles",
                  "comments"},
    "photobank": {"toolkit", "pagecache", "regions", "people", "recognition", "articles",
                  "comments", "discovery"},
    "pressoffice": {"toolkit", "pagecache", "regions", "people", "recognition", "articles",
                    "comments", "discovery", "photobank", "press", "events"},
}  # fmt: skip
DOMAIN = {"regions", "people", "recognition", "articles", "comments", "discovery", "photobank",
          "press", "events"}  # fmt: skip


def _packages():
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in SKIPPED_DIRS and not path.parent.name.startswith(".")
    )


def _modules():
    """``{dotted name: path}`` of every module of ours that the floors govern."""
    found = {}
    for package in _packages():
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if SKIPPED_DIRS.intersection(parts):
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(name, path, modules):
    """``(imported module, line, at module level)`` for every import in the module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, id(node) in top_level
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            # ``from package import module`` imports the module; ``from module import name``
            # the module alone.
            submodules = [f"{target}.{a.name}" for a in node.names]
            for imported in [m for m in submodules if m in modules] or [target]:
                yield imported, node.lineno, id(node) in top_level


def _edges():
    modules = _modules()
    edges = []
    for name, path in modules.items():
        for target, line, top in _imports(name, path, modules):
            if target.split(".")[0] in BELOW:
                edges.append((name, target, line, top))
    return modules, edges


def test_every_package_of_ours_has_a_floor():
    assert set(_packages()) <= set(BELOW), (
        f"Packages with no floor: {sorted(set(_packages()) - set(BELOW))}; add them to BELOW "
        "here and to docs/decisions/0009-floors.md"
    )


def test_imports_only_point_down():
    _, edges = _edges()
    wrong = set()
    for name, target, line, _top in edges:
        source, imported = name.split(".")[0], target.split(".")[0]
        if source != imported and imported not in BELOW.get(source, set()):
            if imported == "pressoffice":
                why = "nothing imports the project"
            elif imported == "demo":
                why = "nothing imports the demo"
            elif source == "toolkit":
                why = "the ground floor imports no app"
            elif source == "pagecache" and imported in DOMAIN:
                why = "the page cache knows no domain app (apps register with it)"
            else:
                why = f"{imported} stands above {source}"
            wrong.add(f"{name} (line {line}) imports {target}: {why}")
    assert not wrong, "Imports against the floors:\n" + "\n".join(sorted(wrong))


def _cycles(graph):
    """The strongly connected components of more than one node (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _explain(component, arrows):
    """The shortest circle through ``component``, one import per step; ``arrows`` are
    (from, to, the import as text)."""
    members = set(component)
    first = {}
    for a, b, text in arrows:
        if a in members and b in members:
            first.setdefault((a, b), text)
    best = None
    for a, b in first:
        # Breadth first from b back to a: the shortest way round through the arrow a → b.
        came_from, queue = {b: None}, collections.deque([b])
        while queue and a not in came_from:
            node = queue.popleft()
            for x, y in first:
                if x == node and y not in came_from:
                    came_from[y] = node
                    queue.append(y)
        if a in came_from:
            path, node = [], a
            while node is not None:
                path.append(node)
                node = came_from[node]
            circle = [a, *reversed(path)]
            if best is None or len(circle) < len(best):
                best = circle
    steps = zip(best, best[1:], strict=False)
    return "\n".join(f"  {first[(x, y)]}" for x, y in steps)


def test_no_import_circle_between_apps():
    _, edges = _edges()
    graph = collections.defaultdict(set)
    for name, target, _line, _top in edges:
        source, imported = name.split(".")[0], target.split(".")[0]
        if source != imported:
            graph[source].add(imported)
    circles = _cycles(graph)
    arrows = [
        (name.split(".")[0], target.split(".")[0], f"{name} (line {line}) imports {target}")
        for name, target, line, _top in edges
        if name.split(".")[0] != target.split(".")[0]
    ]
    assert not circles, "Import circles between apps:\n" + "\n".join(
        f"{' ↔ '.join(c)}:\n{_explain(c, arrows)}" for c in circles
    )


def test_no_import_circle_between_modules_at_import_time():
    """Imports inside functions are left out: Django's way to reach a model at run time."""
    modules, edges = _edges()
    graph = collections.defaultdict(set)
    arrows = []
    for name, target, line, top in edges:
        if top and target in modules and target != name:
            graph[name].add(target)
            arrows.append((name, target, f"{name} (line {line}) imports {target}"))
    circles = _cycles(graph)
    assert not circles, "Import circles between modules:\n" + "\n".join(
        f"{' ↔ '.join(c)}:\n{_explain(c, arrows)}" for c in circles
    )


def test_the_circle_finder_finds_circles_and_names_their_imports():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    arrows = [("a", "b", "a imports b"), ("b", "c", "b imports c"), ("c", "a", "c imports a"),
              ("d", "a", "d imports a")]  # fmt: skip
    assert _explain(["a", "b", "c"], arrows).split("\n") == [
        "  a imports b",
        "  b imports c",
        "  c imports a",
    ]


MAX_LINES = 400
# Over the limit for now, to be split (none today). An entry that is no longer over it must
# go: the test says so.
OVER_FOR_NOW = set()


def _long_modules():
    """``{path: lines}`` of every module of ours over MAX_LINES, tests and migrations aside."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] == "tests" or "migrations" in parts or any(p.startswith(".") for p in parts):
            continue
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES:
            found[path.relative_to(ROOT).as_posix()] = lines
    return found


def test_no_module_is_over_400_lines():
    long = _long_modules()
    over = {path: lines for path, lines in long.items() if path not in OVER_FOR_NOW}
    assert not over, (
        f"Modules over {MAX_LINES} lines: split each along its jobs, not by line count: "
        + ", ".join(f"{path} ({lines})" for path, lines in over.items())
    )
    assert not OVER_FOR_NOW - set(long), (
        f"No longer over {MAX_LINES} lines (or gone): remove from OVER_FOR_NOW: "
        f"{sorted(OVER_FOR_NOW - set(long))}"
    )
