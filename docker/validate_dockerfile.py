#!/usr/bin/python3
"""Static checks of docker/Dockerfile against the repository (no Docker engine needed).

    validate_dockerfile.py [--repo ROOT] [--dockerfile FILE]

- Every COPY/ADD source from the build context (the repository root) exists and is not
  excluded by docker/Dockerfile.dockerignore.
- Every COPY --from=STAGE names an earlier stage, and its sources are outputs the Maven build
  really produces (the module's <finalName> jar, a copy-dependencies outputDirectory).
- Every module in the root pom.xml has its pom.xml copied into the dependency layer and its
  folder copied into the source layer - a new module would otherwise break the image build.
- The runtime stage is glibc-based, runs as a non-root USER, exposes the gRPC and metrics ports,
  declares the store VOLUME and a HEALTHCHECK.
Exit 0 when all hold, 1 listing every violation, 2 on unreadable input. Standard library only.
"""
import argparse
import json
import re
import shlex
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parent.parent
POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
REQUIRED_PORTS = {"50051", "9464"}
STORE_VOLUME = "/var/lib/latm"


class InputError(Exception):
    """A file that cannot be read or parsed."""


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str
    arguments: str


@dataclass
class Stage:
    name: str
    image: str
    workdir: str = "/"
    instructions: list = field(default_factory=list)


@dataclass(frozen=True)
class Copy:
    line: int
    stage: str
    source_stage: object  # the --from value, or None for the build context
    sources: tuple
    destination: str


def instructions(text):
    """Dockerfile instructions with continuation lines joined and comments dropped."""
    result, pending, start = [], "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue  # blank, comment or parser directive
        if pending and stripped.startswith("#"):
            continue  # Docker drops comment lines inside a continued instruction
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1].rstrip() + " "
            continue
        pending += stripped
        keyword, _, arguments = pending.partition(" ")
        result.append(Instruction(start, keyword.upper(), arguments.strip()))
        pending = ""
    if pending:
        raise InputError(f"the instruction starting on line {start} ends in a line continuation")
    return result


def stages(parsed):
    """Splits instructions into build stages, tracking each stage's WORKDIR."""
    result = []
    for instruction in parsed:
        if instruction.keyword == "FROM":
            words = [w for w in instruction.arguments.split() if not w.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else str(len(result))
            result.append(Stage(name, words[0]))
        elif not result:
            if instruction.keyword != "ARG":
                raise InputError(f"line {instruction.line}: {instruction.keyword} before any FROM")
            continue
        else:
            stage = result[-1]
            if instruction.keyword == "WORKDIR":
                stage.workdir = str(PurePosixPath(stage.workdir) / instruction.arguments)
            stage.instructions.append(instruction)
    if not result:
        raise InputError("no FROM instruction")
    return result


def copies(stage):
    for instruction in stage.instructions:
        if instruction.keyword not in ("COPY", "ADD"):
            continue
        arguments = instruction.arguments
        flags = {}
        while arguments.startswith("--"):
            flag, _, arguments = arguments.partition(" ")
            key, _, value = flag[2:].partition("=")
            flags[key] = value
            arguments = arguments.strip()
        words = json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)
        if len(words) < 2:
            raise InputError(f"line {instruction.line}: {instruction.keyword} needs a source and a "
                             f"destination")
        yield Copy(instruction.line, stage.name, flags.get("from"), tuple(words[:-1]), words[-1])


class DockerIgnore:
    """The exclusion rules of a .dockerignore file (last matching pattern wins, ! re-includes)."""

    def __init__(self, text):
        self.rules = []
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            include = line.startswith("!")
            pattern = str(PurePosixPath(line.lstrip("!").strip().lstrip("/")))
            self.rules.append((include, self._regex(pattern)))

    @staticmethod
    def _regex(pattern):
        """Go filepath.Match syntax plus ** (any number of directories), as Docker reads it."""
        out, index = [], 0
        while index < len(pattern):
            if pattern.startswith("**/", index):
                out.append("(?:.*/)?")
                index += 3
            elif pattern.startswith("**", index):
                out.append(".*")
                index += 2
            elif pattern[index] == "*":
                out.append("[^/]*")
                index += 1
            elif pattern[index] == "?":
                out.append("[^/]")
                index += 1
            elif pattern[index] == "[" and "]" in pattern[index + 1:]:
                end = pattern.index("]", index + 1)
                body = pattern[index + 1:end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                index = end + 1
            else:
                out.append(re.escape(pattern[index]))
                index += 1
        return re.compile("^" + "".join(out) + "$")

    def excluded(self, path):
        """Whether a context-relative path is left out, directly or through a parent directory."""
        parts = PurePosixPath(path).parts
        candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        verdict = False
        for include, regex in self.rules:
            if any(regex.match(candidate) for candidate in candidates):
                verdict = not include
        return verdict


def modules(repo):
    try:
        root = ElementTree.parse(repo / "pom.xml").getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise InputError(f"cannot read {repo / 'pom.xml'}: {error}") from error
    return [m.text.strip() for m in root.findall("m:modules/m:module", POM_NS)]


def build_outputs(repo, module):
    """Paths (relative to the module) that `mvn package` writes and the image may copy."""
    pom = ElementTree.parse(repo / module / "pom.xml").getroot()
    artifact = pom.findtext("m:artifactId", default="", namespaces=POM_NS)
    version = pom.findtext("m:version", namespaces=POM_NS) or \
        pom.findtext("m:parent/m:version", default="", namespaces=POM_NS)
    final_name = pom.findtext("m:build/m:finalName", namespaces=POM_NS) or f"{artifact}-{version}"
    outputs = {f"target/{final_name}.jar"}
    for directory in pom.iterfind(".//m:plugin//m:outputDirectory", POM_NS):
        outputs.add(directory.text.strip().replace("${project.build.directory}", "target").rstrip("/"))
    return outputs


def check(repo, dockerfile, ignore_file):
    problems = []
    try:
        all_stages = stages(instructions(dockerfile.read_text(encoding="utf-8")))
        ignore = DockerIgnore(ignore_file.read_text(encoding="utf-8")) if ignore_file.exists() \
            else DockerIgnore("")
        module_names = modules(repo)
    except OSError as error:
        raise InputError(f"cannot read {error.filename}: {error.strerror}") from error
    stage_names = []
    all_copies = []
    for stage in all_stages:
        for copy in copies(stage):
            all_copies.append((stage, copy))
            if copy.source_stage is None:
                problems += check_context_copy(repo, ignore, copy)
            elif copy.source_stage not in stage_names:
                problems.append(f"line {copy.line}: COPY --from={copy.source_stage} names no "
                                f"earlier stage (stages: {stage_names})")
            else:
                source_stage = next(s for s in all_stages if s.name == copy.source_stage)
                problems += check_stage_copy(repo, source_stage, copy, module_names)
        stage_names.append(stage.name)
    problems += check_modules(module_names, all_copies)
    problems += check_runtime(all_stages[-1])
    return problems


def check_context_copy(repo, ignore, copy):
    problems = []
    for source in copy.sources:
        relative = source.rstrip("/") or "."
        matches = list(repo.glob(relative)) if any(c in relative for c in "*?[") else \
            ([repo / relative] if (repo / relative).exists() else [])
        if not matches:
            problems.append(f"line {copy.line}: COPY source {source} does not exist in the build "
                            f"context ({repo})")
        elif relative != "." and ignore.excluded(relative):
            problems.append(f"line {copy.line}: COPY source {source} is excluded by the "
                            f".dockerignore, so the build would not see it")
    return problems


def check_stage_copy(repo, stage, copy, module_names):
    problems = []
    for source in copy.sources:
        path = PurePosixPath(source)
        try:
            relative = path.relative_to(stage.workdir)
        except ValueError:
            problems.append(f"line {copy.line}: {source} is outside stage {stage.name}'s WORKDIR "
                            f"{stage.workdir}; cannot tell which build output it is")
            continue
        module, rest = relative.parts[0], "/".join(relative.parts[1:])
        if module not in module_names:
            problems.append(f"line {copy.line}: {source} is not in a module of pom.xml {module_names}")
        elif rest.rstrip("/") not in build_outputs(repo, module):
            problems.append(f"line {copy.line}: {source} is not something `mvn package` writes for "
                            f"module {module} (it writes {sorted(build_outputs(repo, module))})")
    return problems


def check_modules(module_names, all_copies):
    problems = []
    context_sources = {source.rstrip("/") for _, copy in all_copies if copy.source_stage is None
                       for source in copy.sources}
    for module in module_names:
        for needed, layer in ((f"{module}/pom.xml", "dependency"), (module, "source")):
            if needed not in context_sources:
                problems.append(f"pom.xml lists module {module} but the Dockerfile never copies "
                                f"{needed} ({layer} layer of the build stage): add it")
    return problems


def check_runtime(stage):
    problems = []
    where = f"runtime stage {stage.name}"
    if "alpine" in stage.image.lower():
        problems.append(f"{where}: {stage.image} is musl-based; ONNX Runtime's native libraries "
                        f"need glibc (use eclipse-temurin:17-jre-jammy)")
    by_keyword = {}
    for instruction in stage.instructions:
        by_keyword.setdefault(instruction.keyword, []).append(instruction.arguments)
    users = by_keyword.get("USER", [])
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.append(f"{where}: needs a non-root USER")
    exposed = {port.split("/")[0] for args in by_keyword.get("EXPOSE", []) for port in args.split()}
    if not REQUIRED_PORTS <= exposed:
        problems.append(f"{where}: EXPOSE {sorted(REQUIRED_PORTS - exposed)} missing")
    volumes = " ".join(by_keyword.get("VOLUME", []))
    if STORE_VOLUME not in volumes:
        problems.append(f"{where}: needs VOLUME {STORE_VOLUME} for the result store")
    if not any(" health " in f" {args} " for args in by_keyword.get("HEALTHCHECK", [])):
        problems.append(f"{where}: needs a HEALTHCHECK running `latm.jar health`")
    if not by_keyword.get("ENTRYPOINT") and not by_keyword.get("CMD"):
        problems.append(f"{where}: needs an ENTRYPOINT or CMD")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", default=str(REPO), help="the build context (repository root)")
    parser.add_argument("--dockerfile", default=None, help="default: REPO/docker/Dockerfile")
    args = parser.parse_args(argv)
    repo = Path(args.repo)
    dockerfile = Path(args.dockerfile) if args.dockerfile else repo / "docker" / "Dockerfile"
    ignore_file = dockerfile.with_name(dockerfile.name + ".dockerignore")
    try:
        problems = check(repo, dockerfile, ignore_file)
    except (InputError, ElementTree.ParseError, json.JSONDecodeError, ValueError) as error:
        print(f"validate_dockerfile: {dockerfile}: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"validate_dockerfile: {dockerfile}: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"validate_dockerfile: {dockerfile} OK (context {repo}, ignore file {ignore_file.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
