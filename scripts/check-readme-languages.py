"""Checks the Python, Go and Java examples of the README and docs/ against the bindings jsii-pacmak generated in .jsii-out/.

A quick check for `npm test`: the Python and Java examples also run, against the real bindings, in
`npx projen test:languages`; no Go toolchain runs anywhere, so for Go this is the only check. What can
fail silently is a name: a class, constant or method that does not exist in that language, or a keyword
argument or struct field the constructor does not take. Python blocks are parsed with `ast`; for every
name imported from `cdk8s_hikube`, attribute read from it (`InstanceType.U1_2_XLARGE`), keyword argument
passed to it, and method called on a variable assigned from one of its constructors, the generated
package must have it, as must every Python name in the tables of structs and of renamed constants (whose names
are checked in the generated Java too). Go blocks are checked textually: every `cdk8shikube.Name` must be declared, and
every field of a `cdk8shikube.Struct{...}` literal must be a field of that struct. Java blocks are checked
textually too: every class imported from `dev.cdk8s_hikube` must exist, and for those classes every
constant read, constructor called and builder method chained (`X.Builder.create(...)`, `X.builder()`)
must be in the generated source.
"""
import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PY_PACKAGE = ROOT / ".jsii-out" / "python" / "src" / "cdk8s_hikube" / "__init__.py"
GO_PACKAGE = ROOT / ".jsii-out" / "go" / "cdk8shikube"
JAVA_PACKAGE = ROOT / ".jsii-out" / "java" / "src" / "main" / "java" / "dev" / "cdk8s_hikube"
PY_MODULE = "cdk8s_hikube"
GO_ALIAS = "cdk8shikube"


def fenced_blocks(markdown, language):
    blocks, lines, i = [], markdown.split("\n"), 0
    while i < len(lines):
        m = re.match(r"^```(\S+)\s*$", lines[i])
        if m:
            start, body = i + 1, []
            i += 1
            while i < len(lines) and not re.match(r"^```\s*$", lines[i]):
                body.append(lines[i])
                i += 1
            if m.group(1) == language:
                blocks.append((start, "\n".join(body)))
        i += 1
    return blocks


class PyClass:
    def __init__(self, node):
        self.name = node.name
        self.bases = [ast.unparse(b) for b in node.bases]
        self.members = {}
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                self.members[item.name] = {a.arg for a in item.args.args + item.args.kwonlyargs}
            elif isinstance(item, ast.Assign):
                for target in item.targets:
                    if isinstance(target, ast.Name):
                        self.members[target.id] = set()

    def init_params(self):
        return self.members.get("__init__")


def python_classes():
    tree = ast.parse(PY_PACKAGE.read_text())
    return {n.name: PyClass(n) for n in tree.body if isinstance(n, ast.ClassDef)}


def lookup(classes, cls, member):
    """The member of a class or its bases in the package; None when absent, ... when unknowable."""
    seen = set()
    while cls and cls.name not in seen:
        seen.add(cls.name)
        if member in cls.members:
            return cls.members[member]
        local = [classes[b] for b in cls.bases if b in classes]
        external = [b for b in cls.bases if b not in classes and not b.startswith("jsii.") and b != "enum.Enum"]
        if external and not local:
            return ...
        cls = local[0] if local else None
    return None


def check_python(line, source, classes):
    problems = []
    tree = ast.parse(source)
    imported = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == PY_MODULE:
            for alias in node.names:
                if alias.name not in classes:
                    problems.append(f"`{alias.name}` is not in {PY_MODULE}")
                else:
                    imported[alias.asname or alias.name] = classes[alias.name]
    variables = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name):
            cls = imported.get(node.value.func.id)
            if cls:
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        variables[target.id] = cls

    def kwargs(call, where, params):
        if params is ...:
            return
        if params is None:
            problems.append(f"{where} does not exist")
            return
        for kw in call.keywords:
            if kw.arg is not None and kw.arg not in params:
                problems.append(f"{where} takes no keyword argument `{kw.arg}`")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in imported:
            cls = imported[node.func.id]
            kwargs(node, f"{cls.name}()", lookup(classes, cls, "__init__"))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            cls = imported.get(node.value.id) or variables.get(node.value.id)
            if cls and lookup(classes, cls, node.attr) is None:
                problems.append(f"`{node.value.id}.{node.attr}`: {cls.name} has no `{node.attr}`")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            cls = imported.get(node.func.value.id) or variables.get(node.func.value.id)
            if cls:
                params = lookup(classes, cls, node.func.attr)
                if params is not None:
                    kwargs(node, f"{cls.name}.{node.func.attr}()", params)
    return [f"{line} (python): {p}" for p in problems]


def go_declarations():
    names, fields = set(), {}
    for file in GO_PACKAGE.glob("*.go"):
        text = file.read_text()
        names.update(re.findall(r"^func (\w+)\(", text, re.M))
        names.update(re.findall(r"^type (\w+) ", text, re.M))
        for struct, body in re.findall(r"^type (\w+) struct \{\n(.*?)^\}", text, re.M | re.S):
            fields[struct] = set(re.findall(r"^\t(\w+) ", body, re.M))
    return names, fields


def check_go(line, source, names, fields):
    problems = []
    for name in sorted(set(re.findall(GO_ALIAS + r"\.(\w+)", source))):
        if name not in names:
            problems.append(f"`{GO_ALIAS}.{name}` is not declared")
    # Fields of struct literals, at the literal's own nesting depth.
    for m in re.finditer(GO_ALIAS + r"\.(\w+)\{", source):
        struct = m.group(1)
        if struct not in fields:
            continue
        depth, i, body = 1, m.end(), []
        while i < len(source) and depth:
            c = source[i]
            depth += c in "{([" and 1 or (c in "})]" and -1 or 0)
            body.append(c if depth == 1 else " ")
            i += 1
        for field in re.findall(r"(?:^|[,{\n])\s*(\w+):", "".join(body)):
            if field not in fields[struct]:
                problems.append(f"`{GO_ALIAS}.{struct}` has no field `{field}`")
    return [f"{line} (go): {p}" for p in problems]


def closing(source, i):
    """Index just past the parenthesis that closes the one opened at source[i]."""
    depth = 0
    for j in range(i, len(source)):
        depth += {"(": 1, ")": -1}.get(source[j], 0)
        if depth == 0:
            return j + 1
    return len(source)


def check_java(line, source):
    problems = []
    imported = re.findall(r"^import dev\.cdk8s_hikube\.(\w+);", source, re.M)
    classes = {}
    for name in imported:
        file = JAVA_PACKAGE / f"{name}.java"
        if not file.exists():
            problems.append(f"`dev.cdk8s_hikube.{name}` does not exist")
        else:
            classes[name] = file.read_text()
    # Classes used without an import would not compile; java.lang and the example's own class need none.
    known = set(re.findall(r"^import [\w.]+\.(\w+);", source, re.M)) | {"String", "System", "Object"}
    known |= set(re.findall(r"\bclass (\w+)", source))
    for used in sorted(set(re.findall(r"(?:\bnew |[(\s])([A-Z]\w*)(?=\(|\.)", source)) - known):
        problems.append(f"`{used}` is used without an import")
    for cls, text in classes.items():
        for const in set(re.findall(rf"\b{cls}\.([A-Z][A-Z0-9_]*)\b", source)):
            if not re.search(rf"public final static [\w.]+ {const};", text):
                problems.append(f"`{cls}.{const}` does not exist")
        if re.search(rf"\bnew {cls}\(", source) and not re.search(rf"^    public {cls}\(", text, re.M):
            problems.append(f"`{cls}` has no public constructor")
        for m in re.finditer(rf"\b{cls}\.(?:Builder\.create|builder)\(", source):
            i = closing(source, m.end() - 1)
            while True:
                call = re.match(r"\s*\.(\w+)\(", source[i:])
                if not call or call.group(1) == "build":
                    break
                if not re.search(rf"public Builder {call.group(1)}\(", text):
                    problems.append(f"`{cls}` builder has no `{call.group(1)}()`")
                i = closing(source, i + call.end() - 1)
    return [f"{line} (java): {p}" for p in problems]


def main():
    for generated in (PY_PACKAGE, GO_PACKAGE, JAVA_PACKAGE):
        if not generated.exists():
            sys.exit(f"{generated.relative_to(ROOT)} is missing: run scripts/check-languages.sh")
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    texts = {str(f.relative_to(ROOT)): f.read_text() for f in docs}
    python, go, java = ([(f"{name} line {line}", src) for name, text in texts.items() for line, src in fenced_blocks(text, lang)]
                        for lang in ("python", "go", "java"))
    if not python or not go or not java:
        sys.exit("the README and docs/ lack a python, go or java example to check")
    classes = python_classes()
    names, fields = go_declarations()
    problems = [p for line, src in python for p in check_python(line, src, classes)]
    problems += [p for line, src in go for p in check_go(line, src, names, fields)]
    problems += [p for line, src in java for p in check_java(line, src)]
    everything = "\n".join(texts.values())
    struct_table = re.search(r"^\| option \| how to write it in Python \|\n((?:\|.*\n)+)", everything, re.M)
    if not struct_table:
        problems.append("docs: the table of how to write options in Python is missing")
    for row in struct_table.group(1).splitlines()[1:] if struct_table else []:
        for name in re.findall(r"`([A-Z]\w*)[`.(]", row.split("|")[2]):
            if name not in classes:
                problems.append(f"struct table: `{name}` is not in {PY_MODULE}")
    for cls, const in re.findall(r"^\| `\w+\.\w+` \| `(\w+)\.(\w+)` \|$", everything, re.M):
        if cls not in classes or lookup(classes, classes[cls], const) is None:
            problems.append(f"renamed-constants table: `{cls}.{const}` is not in {PY_MODULE}")
        java_file = JAVA_PACKAGE / f"{cls}.java"
        if not java_file.exists() or not re.search(rf"public final static [\w.]+ {const};", java_file.read_text()):
            problems.append(f"renamed-constants table: `{cls}.{const}` is not in the Java package")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"README and docs/: {len(python)} python, {len(go)} go and {len(java)} java examples use names the generated bindings have")


if __name__ == "__main__":
    main()
