"""Checks a generated Python program against the jsii assembly its bindings are generated from.

Every name imported from cdk8s_hikube must exist, every `Class.MEMBER` must be a static member or enum
member, every keyword argument of a constructor or static factory must be a property of the props struct
the bindings expand, and every key of a dict passed where a struct is expected must be one of the
struct's properties (recursively).
Prints the problems as a JSON list.
"""
import ast
import json
import re
import sys

assembly = json.load(open(sys.argv[1]))
types = assembly["types"]
program = ast.parse(open(sys.argv[2]).read())
errors = []


def snake(name):
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def python_constant(name):
    # jsii splits a digit from the letter after it: InstanceType.U1_2XLARGE is U1_2_XLARGE in Python.
    return re.sub(r"(\d)([A-Z])", r"\1_\2", name)


def local(name):
    return types.get("cdk8s-hikube." + name)


def struct_props(fqn):
    t = types.get(fqn)
    if not t or not t.get("datatype"):
        return None
    out = {}
    for base in t.get("interfaces", []):
        out.update(struct_props(base) or {})
    for p in t.get("properties", []):
        out[snake(p["name"])] = p["type"]
    return out


def check_value(node, typ, where):
    if "fqn" in typ:
        props = struct_props(typ["fqn"])
        if props is not None and isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                key = k.value
                if key not in props:
                    errors.append(f"{where}: {key!r} is not a property of {typ['fqn']}")
                else:
                    check_value(v, props[key], f"{where}.{key}")
    elif "collection" in typ:
        element = typ["collection"]["elementtype"]
        kind = typ["collection"]["kind"]
        if kind == "map" and isinstance(node, ast.Dict):
            for v in node.values:
                check_value(v, element, where + "[]")
        if kind == "array" and isinstance(node, ast.List):
            for v in node.elts:
                check_value(v, element, where + "[]")


for node in ast.walk(program):
    if isinstance(node, ast.ImportFrom) and node.module == "cdk8s_hikube":
        for alias in node.names:
            if not local(alias.name):
                errors.append(f"import {alias.name}: not in the assembly")
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and local(node.value.id):
        t = local(node.value.id)
        members = {python_constant(p["name"]) for p in t.get("properties", []) if p.get("static")}
        members |= {snake(m["name"]) for m in t.get("methods", []) if m.get("static")}
        members |= {m["name"] for m in t.get("members", [])}
        if node.attr not in members:
            errors.append(f"{node.value.id}.{node.attr}: no such static member")
    callable_ = None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and local(node.func.id):
        callable_ = (node.func.id, local(node.func.id).get("initializer") or {})
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and local(node.func.value.id):
        methods = [m for m in local(node.func.value.id).get("methods", []) if m.get("static") and snake(m["name"]) == node.func.attr]
        if methods:
            callable_ = (f"{node.func.value.id}.{node.func.attr}", methods[0])
    if callable_:
        name, spec = callable_
        params = spec.get("parameters", [])
        last = params[-1]["type"] if params else {}
        props = struct_props(last["fqn"]) if "fqn" in last else None
        positional = len(params) - (1 if props is not None else 0)
        if len(node.args) > positional:
            errors.append(f"{name}(): {len(node.args)} positional arguments, the bindings take {positional}")
        for kw in node.keywords:
            if props is None or kw.arg not in props:
                errors.append(f"{name}({kw.arg}=...): no such keyword argument")
            else:
                check_value(kw.value, props[kw.arg], f"{name}.{kw.arg}")

print(json.dumps(errors))
