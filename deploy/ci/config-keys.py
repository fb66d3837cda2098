"""Every configuration key the services read, and a check that docs/operations.md names them all.

Keys come from three places in each service module (*/src/main):
  - application.properties: every key outside a %test / %dev profile (%prod keys count too);
  - @ConfigMapping interfaces: prefix + the kebab-case property names, nested groups followed;
    a Map level is written `*` (audit.ingest.branches.*.token-sha256);
  - @ConfigProperty(name = "...") injections.

Usage:
  config-keys.py --list                       one line per key: module, key
  config-keys.py --check docs/operations.md   exit 1 and name the keys the document lacks
  config-keys.py --markdown                   the settings reference of docs/operations.md
  config-keys.py --write docs/operations.md   replace the reference after the document's marker
"""
import glob
import os
import re
import sys

MARKER = "<!-- generated below by deploy/ci/config-keys.py"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SKIPPED_PROFILES = ("%test.", "%dev.")


def kebab(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", name).lower()


def properties(module):
    """(key, default/value, env vars, comment) of a module's application.properties, and of the
    META-INF/microprofile-config.properties a shared library module (service-security) ships."""
    out = []
    for name in ("application.properties", "META-INF/microprofile-config.properties"):
        path = os.path.join(ROOT, module, "src/main/resources", name)
        if os.path.exists(path):
            out.extend(properties_file(path))
    return out


def properties_file(path):
    out, comment = [], []
    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if not line:
            comment = []
            continue
        if line.startswith("#"):
            text = line.lstrip("#").strip()
            # section titles ("## Kafka") and commented-out examples are not descriptions
            if raw.startswith("##") and not comment:
                comment = []
            elif "=" in text and re.match(r"^[%\w.\-\"<>*]+=", text):
                pass
            else:
                comment.append(text)
            continue
        key, _, value = line.partition("=")
        key = key.strip()
        if key.startswith(SKIPPED_PROFILES):
            continue
        if key.startswith("%prod."):
            key = key[len("%prod."):]
        env = re.findall(r"\$\{([A-Z][A-Z0-9_]*)(?::|})", value)
        out.append((key, value.strip(), env, " ".join(comment)))
        comment = []
    return out


JAVADOC = re.compile(r"/\*\*(.*?)\*/", re.S)


def clean_doc(doc):
    text = " ".join(l.strip().lstrip("*").strip() for l in doc.splitlines())
    text = re.sub(r"\{@(?:code|link|linkplain|literal) #?([^}]*)\}", r"`\1`", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", text).strip()


def interface_bodies(src):
    """{interface name: body text} for every interface in a Java source (nested ones too)."""
    bodies = {}
    for m in re.finditer(r"\binterface\s+(\w+)[^{]*\{", src):
        depth, i = 1, m.end()
        while depth and i < len(src):
            depth += {"{": 1, "}": -1}.get(src[i], 0)
            i += 1
        bodies[m.group(1)] = src[m.end():i - 1]
    return bodies


def top_level(body):
    """The body without its nested interface blocks (braces in Javadoc stay)."""
    while True:
        m = re.search(r"\binterface\s+\w+[^{]*\{", body)
        if not m:
            return body
        depth, i = 1, m.end()
        while depth and i < len(body):
            depth += {"{": 1, "}": -1}.get(body[i], 0)
            i += 1
        body = body[:m.start()] + body[i:]


METHOD = re.compile(
    r"(?P<doc>/\*\*(?:(?!\*/).)*\*/\s*)?(?P<ann>(?:@\w+(?:\([^)]*\))?\s*)*)"
    r"(?P<type>[\w.]+(?:<[\w.,\s<>?]*>)?)\s+(?P<name>\w+)\(\s*\)\s*;", re.S)


def mapping_keys(prefix, iface, bodies, out, module):
    for m in METHOD.finditer(top_level(bodies[iface])):
        ann, type_, name = m.group("ann"), m.group("type"), m.group("name")
        wn = re.search(r'@WithName\("([^"]+)"\)', ann)
        key = f"{prefix}.{wn.group(1) if wn else kebab(name)}"
        default = re.search(r'@WithDefault\("([^"]*)"\)', ann)
        doc = clean_doc(m.group("doc").strip()[3:-2]) if m.group("doc") else ""
        inner = re.match(r"(?:java\.util\.)?Map<\s*String\s*,\s*(.+)>$", type_)
        if inner:
            key += ".*"
            type_ = inner.group(1).strip()
        plain = re.sub(r"^(?:Optional|java\.util\.Optional)<(.+)>$", r"\1", type_)
        if plain in bodies:
            mapping_keys(key, plain, bodies, out, module)
        else:
            out.append((module, key, default.group(1) if default else "", [], doc))


def all_keys():
    keys = {}
    modules = sorted(d for d in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, d, "src/main")))
    for module in modules:
        for key, value, env, comment in properties(module):
            keys.setdefault(key, (module, key, value, env, comment))
        for path in glob.glob(os.path.join(ROOT, module, "src/main/java/**/*.java"), recursive=True):
            src = open(path, encoding="utf-8").read()
            for cp in re.finditer(r'@ConfigProperty\(\s*name\s*=\s*"([^"]+)"(?:\s*,\s*defaultValue\s*=\s*"([^"]*)")?', src):
                keys.setdefault(cp.group(1), (module, cp.group(1), cp.group(2) or "", [], ""))
            cm = re.search(r'@ConfigMapping\(\s*prefix\s*=\s*"([^"]+)"', src)
            if not cm:
                continue
            bodies = interface_bodies(src)
            root = re.search(r"@ConfigMapping\([^)]*\)\s*(?:public\s+)?interface\s+(\w+)", src).group(1)
            found = []
            mapping_keys(cm.group(1), root, bodies, found, module)
            for module_, key, default, env, doc in found:
                keys.setdefault(key, (module_, key, default, env, doc))
    return sorted(keys.values(), key=lambda k: (k[0], k[1]))


def markdown():
    lines = []
    current = None
    for module, key, value, env, doc in all_keys():
        if module != current:
            current = module
            lines += ["", f"### {module}", "", "| key | environment | default | meaning |", "| --- | --- | --- | --- |"]
        whole = re.fullmatch(r"\$\{[A-Z][A-Z0-9_]*(?::(.*))?\}", value)
        if whole:  # ${ENV:default}: the environment variable is in its own column
            value = whole.group(1) or ""
        shown = value if len(value) <= 60 else value[:57] + "…"
        shown = shown.replace("|", "\\|")
        env_s = ", ".join(f"`{e}`" for e in env)
        lines.append(f"| `{key}` | {env_s} | {'`' + shown + '`' if shown else ''} | {doc.replace('|', '/')} |")
    return "\n".join(lines).lstrip("\n") + "\n"


def main(argv):
    if len(argv) >= 1 and argv[0] == "--list":
        for module, key, *_ in all_keys():
            print(f"{module}\t{key}")
        return 0
    if len(argv) >= 1 and argv[0] == "--markdown":
        sys.stdout.write(markdown())
        return 0
    if len(argv) == 2 and argv[0] == "--write":
        text = open(argv[1], encoding="utf-8").read()
        at = text.find(MARKER)
        if at < 0:
            print(f"config keys: no marker '{MARKER}' in {argv[1]}", file=sys.stderr)
            return 1
        head = text[:text.index("\n", at) + 1]
        open(argv[1], "w", encoding="utf-8").write(head + "\n" + markdown())
        print(f"config keys: reference in {argv[1]} rewritten ({len(all_keys())} keys)")
        return 0
    if len(argv) == 2 and argv[0] == "--check":
        text = open(argv[1], encoding="utf-8").read()
        keys = all_keys()
        missing = [(m, k) for m, k, *_ in keys if f"`{k}`" not in text]
        for m, k in missing:
            print(f"config keys: {k} ({m}) is not in {argv[1]}", file=sys.stderr)
        print(f"config keys: {len(keys)} keys, {len(missing)} missing from {argv[1]}"
              + (f" (python3 deploy/ci/config-keys.py --write {argv[1]} regenerates the reference)" if missing else ""))
        return 1 if missing else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
