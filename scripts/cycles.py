#!/usr/bin/env python3
"""Import cycles between the modules of src/ (docs/architecture.md).

    python3 scripts/cycles.py        # exit 1 and list them if there are any

A module is a file. An edge a -> b is a path into b written in a (`use`,
or a `crate::`/`super::`/`self::` path in the code). A module's paths into
its own children are the module tree (a parent declares its children and
drives them), not imports, and are not counted; a child may use its
parent's items. Unit-test modules are not counted.
"""
import pathlib
import re
import sys

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"


def module_of(path):
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return tuple(parts)


files = {module_of(p): p for p in SRC.rglob("*.rs")}
# build.rs-style includes and bin targets are not modules of the library.
files.pop(("bin",), None)


def resolve(segments):
    """The longest prefix of `segments` that is a module file."""
    for n in range(len(segments), -1, -1):
        if tuple(segments[:n]) in files:
            return tuple(segments[:n])
    return None


PATH = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
USE_GROUP = re.compile(r"\buse\s+(crate|super|self)((?:::\w+)*)::\{([^;]*)\};", re.S)


def strip(text):
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    return text


edges = {}
for mod, path in files.items():
    text = strip(path.read_text())
    # The unit-test modules may reach anywhere.
    text = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
    is_dir_mod = path.name in ("mod.rs", "lib.rs", "main.rs")
    here = list(mod) if is_dir_mod else list(mod[:-1])

    def base(kind):
        if kind == "crate":
            return []
        if kind == "self":
            return list(mod)
        return here[:-1] if is_dir_mod else here  # super

    targets = set()
    for m in USE_GROUP.finditer(text):
        root = base(m.group(1)) + [s for s in m.group(2).split("::") if s]
        for item in re.split(r"[,{}\s]+", m.group(3)):
            segs = [s for s in item.split("::") if s and s not in ("self", "*")]
            targets.add((m.start(), resolve(root + segs[:1]) if segs else resolve(root)))
    for m in PATH.finditer(text):
        segs = base(m.group(1)) + [s for s in m.group(2).split("::") if s]
        targets.add((m.start(), resolve(segs)))
    out = set()
    for pos, t in targets:
        if t is None or t == mod:
            continue
        # A module's paths into its own children are the module tree.
        if t[: len(mod)] == mod:
            continue
        out.add(t)
    edges[mod] = out

# Strongly connected components (Tarjan).
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            comps.append(comp)


sys.setrecursionlimit(10000)
for v in sorted(edges):
    if v not in index:
        visit(v)

name = lambda m: "::".join(("crate",) + m)
for comp in comps:
    members = sorted(comp)
    print("cycle:", ", ".join(name(m) for m in members))
    for a in members:
        for b in sorted(edges[a] & set(comp)):
            print(f"  {name(a)} -> {name(b)}")
print(f"{len(files)} modules, {sum(map(len, edges.values()))} imports, {len(comps)} cycles")
sys.exit(1 if comps else 0)
