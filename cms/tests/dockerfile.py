"""Just enough of a Dockerfile reader to replay its steps outside a container."""

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [arguments for instruction, arguments in self.instructions if instruction == keyword]

    def one(self, keyword: str) -> str:
        (arguments,) = self.all(keyword)
        return arguments

    def environment(self) -> dict[str, str]:
        """The stage's ENV values, with ``$NAME`` references left for the caller to expand."""
        values = {}
        for arguments in self.all("ENV"):
            for pair in shlex.split(arguments):
                name, _, value = pair.partition("=")
                values[name] = value
        return values


def exec_form(arguments: str) -> list[str]:
    """The JSON array of CMD, ENTRYPOINT or HEALTHCHECK ... CMD."""
    return json.loads(arguments)


def parse(path: Path) -> list[Stage]:
    logical_lines, current = [], ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical_lines.append(current + stripped)
        current = ""

    stages: list[Stage] = []
    for line in logical_lines:
        instruction, _, arguments = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            words = arguments.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name=name, base=words[0]))
        else:
            stages[-1].instructions.append((instruction, " ".join(arguments.split())))
    return stages
