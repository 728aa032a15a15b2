"""A small structural reader of Dockerfile and .dockerignore (hadolint is not available here):
instructions with their stage, ARG defaults substituted into FROM."""
import json
import re
from dataclasses import dataclass, field


@dataclass
class Instruction:
    keyword: str
    value: str
    stage: int

    def exec_form(self):
        """The JSON array of an exec-form instruction, or None for the shell form."""
        text = re.sub(r"^(--\S+\s+)*", "", self.value)
        if text.startswith("CMD "):
            text = text[4:]
        try:
            parsed = json.loads(text)
        except ValueError:
            return None
        return parsed if isinstance(parsed, list) else None


@dataclass
class Stage:
    image: str
    name: str
    instructions: list = field(default_factory=list)

    def all(self, keyword):
        return [i for i in self.instructions if i.keyword == keyword]


def logical_lines(text):
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        yield (current + line).strip()
        current = ""
    if current:
        yield current.strip()


def parse(text):
    args, stages = {}, []
    for line in logical_lines(text):
        keyword, _, value = line.partition(" ")
        keyword, value = keyword.upper(), value.strip()
        if keyword == "ARG" and not stages:
            name, _, default = value.partition("=")
            args[name] = default
        elif keyword == "FROM":
            image = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), value.split()[0])
            match = re.search(r"\s+AS\s+(\S+)", value, re.I)
            stages.append(Stage(image, match.group(1) if match else str(len(stages))))
        elif stages:
            stages[-1].instructions.append(Instruction(keyword, value, len(stages) - 1))
    return args, stages


def ignore_patterns(text):
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _regex(pattern):
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def ignored(path, patterns):
    """Whether a context-relative path is excluded, as Docker reads .dockerignore: a pattern
    matches the path or one of its parent folders, the last match wins, `!` re-includes."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = _regex(pattern.lstrip("!").strip("/"))
        if any(regex.match(prefix) for prefix in prefixes):
            result = not negate
    return result
