#!/usr/bin/env python3
"""Rename a dataset's parties to the names its parties.toml lists.

    python3 scripts/rename_parties.py            # rewrite data/treaties/*.toml
    python3 scripts/rename_parties.py --check    # exit 1 if a file would change
    python3 scripts/rename_parties.py DATA_DIR   # another dataset (its parties.toml)

Every party name that is one of a listed party's `also` names (or a listed
name in another case) becomes the listed name. Only the values of the keys
`parties`, `party` and `predecessor` change, in any table (events, readings):
comments, notes, quotes, titles and every other byte stay as they are, so the
script can be run again after another change to the same files (it is
idempotent: a second run changes nothing). Each rewritten file is parsed
before and after, and the script stops without writing if anything but
those names differs.

After a run, `treatyline --data DATA_DIR fmt` re-wraps a `parties` list that
grew past the line width, and `treatyline --data DATA_DIR check` refuses
any name the list does not know (the script reports them too).
"""
import pathlib
import re
import sys
import tomllib

PARTY_KEYS = {"parties", "party", "predecessor"}


class Lexer:
    """Just enough of TOML to find every string value and the key it is
    the value of (an array's strings belong to the array's key)."""

    def __init__(self, text):
        self.t = text
        self.i = 0
        self.found = []  # (key, start, end, value) of each one-line string

    @staticmethod
    def split_strings(body):
        """The string literals of an array's body, as written."""
        lexer = Lexer(body)
        out = []
        while lexer.i < len(body):
            if body[lexer.i] in "\"'":
                start = lexer.i
                lexer.string(None)
                out.append(body[start : lexer.i])
            else:
                lexer.i += 1
        return out

    def peek(self, s):
        return self.t.startswith(s, self.i)

    def skip_ws(self, newlines=False):
        while self.i < len(self.t):
            c = self.t[self.i]
            if c in " \t" or (newlines and c in "\r\n"):
                self.i += 1
            elif newlines and c == "#":
                self.skip_comment()
            else:
                break

    def skip_comment(self):
        while self.i < len(self.t) and self.t[self.i] != "\n":
            self.i += 1

    def document(self):
        while self.i < len(self.t):
            self.skip_ws(newlines=True)
            if self.i >= len(self.t):
                break
            if self.t[self.i] == "[":
                # A table header: to the end of the line.
                self.skip_comment()
                continue
            self.key_value()
            self.skip_ws()
            if self.peek("#"):
                self.skip_comment()

    def key(self):
        start = self.i
        while self.i < len(self.t) and self.t[self.i] != "=":
            c = self.t[self.i]
            if c in "\"'":
                self.string(None)
            else:
                self.i += 1
        key = self.t[start : self.i].strip()
        self.i += 1  # '='
        # A dotted key names its last part; quotes are removed.
        return key.split(".")[-1].strip().strip("\"'")

    def key_value(self):
        key = self.key()
        self.skip_ws()
        self.value(key)

    def value(self, key):
        c = self.t[self.i] if self.i < len(self.t) else ""
        if c in "\"'":
            self.string(key)
        elif c == "[":
            self.i += 1
            while True:
                self.skip_ws(newlines=True)
                if self.peek("]"):
                    self.i += 1
                    return
                self.value(key)
                self.skip_ws(newlines=True)
                if self.peek(","):
                    self.i += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip_ws()
                if self.peek("}"):
                    self.i += 1
                    return
                self.key_value()
                self.skip_ws()
                if self.peek(","):
                    self.i += 1
        else:
            while self.i < len(self.t) and self.t[self.i] not in ",]}#\r\n":
                self.i += 1

    def string(self, key):
        start = self.i
        for quote in ('"""', "'''"):
            if self.peek(quote):
                self.i += 3
                while not self.peek(quote):
                    if self.i >= len(self.t):
                        raise SyntaxError("unterminated multi-line string")
                    self.i += 2 if quote == '"""' and self.t[self.i] == "\\" else 1
                # A closing delimiter may be followed by up to two more quotes.
                while self.peek(quote + quote[0]):
                    self.i += 1
                self.i += 3
                return
        quote = self.t[self.i]
        self.i += 1
        while self.t[self.i] != quote:
            if self.t[self.i] == "\n":
                raise SyntaxError("unterminated string")
            self.i += 2 if quote == '"' and self.t[self.i] == "\\" else 1
        self.i += 1
        if key in PARTY_KEYS:
            raw = self.t[start : self.i]
            value = tomllib.loads("v = " + raw)["v"]
            self.found.append((key, start, self.i, value))


def basic_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


WIDTH = 80
WRAPPED = re.compile(r"^(parties = \[\n)((?:  [^\n#]*\n)+)(\]\n)", re.M)


def rewrap(text):
    """A `parties` list written one group of names per line, re-wrapped to
    WIDTH when a rename made a line longer (lists on one line stay so)."""

    def flow(m):
        body = m.group(2)
        if all(len(line) <= WIDTH for line in body.splitlines()):
            return m.group(0)
        items = [x.strip() for x in Lexer.split_strings(body)]
        lines, line = [], ""
        for item in items:
            word = item + ","
            if line and len(line) + 1 + len(word) > WIDTH:
                lines.append(line)
                line = ""
            line = (line + " " + word) if line else "  " + word
        lines.append(line)
        return m.group(1) + "\n".join(lines) + "\n" + m.group(3)

    return WRAPPED.sub(flow, text)


def rename_in(text, names):
    """The text with every party name renamed, the renames made, and the
    names the list does not know."""
    lexer = Lexer(text)
    lexer.document()
    out, at, done, unknown = [], 0, [], []
    for _key, start, end, value in lexer.found:
        listed = names.get(value.lower())
        if listed is None:
            unknown.append(value)
        elif listed != value:
            out.append(text[at:start])
            out.append(basic_string(listed))
            at = end
            done.append((value, listed))
    out.append(text[at:])
    new = "".join(out)
    return (rewrap(new) if done else new), done, unknown


def renamed_tree(tree, names):
    """The parsed file with the party names renamed: what the new text must
    parse to."""
    if isinstance(tree, dict):
        out = {}
        for k, v in tree.items():
            if k in PARTY_KEYS and isinstance(v, str):
                out[k] = names.get(v.lower(), v)
            elif k in PARTY_KEYS and isinstance(v, list):
                out[k] = [names.get(x.lower(), x) if isinstance(x, str) else renamed_tree(x, names) for x in v]
            else:
                out[k] = renamed_tree(v, names)
        return out
    if isinstance(tree, list):
        return [renamed_tree(x, names) for x in tree]
    return tree


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    root = pathlib.Path(args[0]) if args else pathlib.Path(__file__).resolve().parent.parent / "data"
    listing = root / "parties.toml"
    try:
        parties = tomllib.loads(listing.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        print(f"error: cannot read {listing}: {e}", file=sys.stderr)
        return 2
    names = {}
    for listed, entry in parties.items():
        names[listed.lower()] = listed
        for other in entry.get("also", []):
            names[other.lower()] = listed
    # Every file is renamed in memory first: one that cannot be is an error
    # and nothing at all is written.
    renamed, unknown_all = [], {}
    for path in sorted((root / "treaties").rglob("*.toml")):
        text = path.read_text(encoding="utf-8")
        try:
            tomllib.loads(text)  # the lexer below expects valid TOML
            new, done, unknown = rename_in(text, names)
            if done and tomllib.loads(new) != renamed_tree(tomllib.loads(text), names):
                raise ValueError("more than the party names would change")
        except (SyntaxError, ValueError, IndexError, tomllib.TOMLDecodeError) as e:
            print(f"error: {path}: {e}; nothing written", file=sys.stderr)
            return 2
        for u in unknown:
            unknown_all.setdefault(u, []).append(path.name)
        if done:
            renamed.append((path, new, done))
    for path, new, done in renamed:
        summary = ", ".join(sorted({f"{a} -> {b}" for a, b in done}))
        if check:
            print(f"{path}: would rename {summary}")
        else:
            path.write_text(new, encoding="utf-8")
            print(f"{path}: {summary}")
    for u, files in sorted(unknown_all.items()):
        print(f"warning: `{u}` is not in {listing} ({', '.join(sorted(set(files)))})", file=sys.stderr)
    verb = "would change" if check else "changed"
    print(f"{len(renamed)} file(s) {verb}", file=sys.stderr)
    return 1 if check and renamed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
