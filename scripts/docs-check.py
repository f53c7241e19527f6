#!/usr/bin/env python3
"""Runs every command a Markdown page shows with its output and compares the output with the page.

usage: docs-check.py [--update] OFFTAKE FILE.md...

A transcript is a fenced block whose first line is `$ offtake …` (or `$ swift run -c release offtake …`,
which runs OFFTAKE too). A block may hold several commands: each `$ ` line starts one (a line ending in
`\\` continues it), and the lines up to the next `$ ` line are its output, standard output and standard
error together as a terminal shows them. Each command runs through /bin/sh in a new temporary directory,
with OFFTAKE first on the PATH as `offtake`, NO_COLOR set and no OFFTAKE_* variable; a file the command
names that exists relative to the repository's root is copied there first under the same relative path,
so the output names it as the page does.

The comparison is exact, line by line (trailing spaces and trailing blank lines aside), with two
exceptions:
- The run header's timing and threads vary by machine: in a line that ends with
  `· N threads · T s (R path-months/s)`, N, T and R are not compared.
- A line `… N more lines` in the page stands for exactly N lines of the real output that the page cuts
  (N is checked: more or fewer lines is a mismatch). It may stand anywhere, as often as needed.

A block preceded by the comment `<!-- docs-check: skip (why) -->` (alone on the line before the fence,
blank lines between allowed) is not run: commands that cannot run here (a server, a cluster job, a
run too long for CI).

Exit status: 0 when every output matches; 1 on any mismatch (each printed as a unified diff of the
page's text against the real output) or a command killed by a signal; 64 on a usage error.
--update rewrites the pages' outputs with the real ones instead: the lines a page shows and the real
output still prints are kept, the lines between them become cuts with their counts (a page that shows
no output gets all of it), and a line that differs only in its timing is kept as written.
"""
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CUT = re.compile(r"^… (\d+) more lines?$")
SKIP = re.compile(r"^<!-- docs-check: skip \(.+\) -->$")
TIMING = re.compile(r"· \d+ threads? · [\d.,]+ s \([\d.,]+[kMG]? path-months/s\)$")
PROMPT = re.compile(r"^\$ (swift run -c release )?offtake(\s|$)")
FENCE = re.compile(r"^(```|~~~)")


@dataclass
class Command:
    text: str                                       # the command as /bin/sh runs it
    start: int                                      # index of the `$ ` line in the page
    output: list[str] = field(default_factory=list)  # the page's output lines
    output_start: int = 0                           # index of the first output line in the page


def transcripts(lines: list[str]) -> list[list[Command]]:
    """The transcript blocks of a page (skipped ones left out), each a list of commands."""
    blocks: list[list[Command]] = []
    i = 0
    while i < len(lines):
        if not FENCE.match(lines[i]):
            i += 1
            continue
        fence = lines[i][:3]
        end = i + 1
        while end < len(lines) and not lines[end].startswith(fence):
            end += 1
        body = list(range(i + 1, end))
        previous = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        if body and PROMPT.match(lines[body[0]]) and not SKIP.match(previous.strip()):
            blocks.append(commands(lines, body))
        i = end + 1
    return blocks


def commands(lines: list[str], body: list[int]) -> list[Command]:
    result: list[Command] = []
    k = 0
    while k < len(body):
        line = lines[body[k]]
        if line.startswith("$ "):
            start = body[k]
            parts = [line[2:]]
            while parts[-1].rstrip().endswith("\\") and k + 1 < len(body):
                k += 1
                parts.append(lines[body[k]])
            text = "\n".join(parts)
            text = re.sub(r"^swift run -c release offtake", "offtake", text)
            result.append(Command(text=text, start=start, output_start=body[k] + 1))
        elif result:
            result[-1].output.append(line)
        k += 1
    return result


def run(command: Command, offtake: Path) -> tuple[list[str], int]:
    """The command's output lines and exit status, run in a new temporary directory."""
    with tempfile.TemporaryDirectory(prefix="docs-check-") as tmp:
        work = Path(tmp) / "work"
        bindir = Path(tmp) / "bin"
        work.mkdir()
        bindir.mkdir()
        (bindir / "offtake").symlink_to(offtake)
        try:
            words = shlex.split(command.text.replace("\\\n", " "), comments=True)
        except ValueError:
            words = []
        for word in words:
            source = ROOT / word
            if not word.startswith("/") and ".." not in Path(word).parts and source.is_file():
                (work / word).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, work / word)
        env = {k: v for k, v in os.environ.items() if not k.startswith("OFFTAKE_")}
        env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
        env["NO_COLOR"] = "1"
        done = subprocess.run(["/bin/sh", "-c", command.text], cwd=work, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = done.stdout.decode("utf-8", errors="replace")
    out = [line.rstrip() for line in text.split("\n")]
    while out and not out[-1]:
        out.pop()
    return out, done.returncode


def normalise(line: str) -> str:
    return TIMING.sub("· N threads · T s (R path-months/s)", line.rstrip())


def collapse(expected: list[str], actual: list[str]) -> list[str]:
    """`actual` with the lines each cut of `expected` stands for replaced by the cut's line (as far as
    `actual` has them), so that it equals `expected` exactly when the output matches."""
    out: list[str] = []
    i = 0
    for line in expected:
        cut = CUT.match(line.strip())
        if cut:
            n = int(cut.group(1))
            if i + n <= len(actual):
                out.append(line)
            else:
                out.extend(actual[i:])
            i += n
        elif i < len(actual):
            out.append(actual[i])
            i += 1
    out.extend(actual[i:])
    return out


def updated(expected: list[str], actual: list[str]) -> list[str]:
    """The page's output redone from `actual`: the page's lines still printed are kept, in order (a
    table row whose numbers changed is found by its label, the text before its first two spaces), and
    each run of more than one real line between them becomes a cut with its count; a page that shows no
    output gets all of it. A line equal once normalised keeps the page's timing."""
    literal = [line for line in expected if not CUT.match(line.strip())]
    if not literal:
        return actual
    def label(line: str) -> str:
        return line.split("  ")[0].strip()
    kept: list[str] = []
    i = 0
    def skip_to(j: int) -> None:
        gap = actual[i:j]
        if len(gap) > 1:
            kept.append(f"… {len(gap)} more lines")
        else:
            kept.extend(gap)
    for line in literal:
        j = next((k for k in range(i, len(actual)) if normalise(actual[k]) == normalise(line)), None)
        if j is None and label(line):
            j = next((k for k in range(i, len(actual)) if label(actual[k]) == label(line)), None)
        if j is None:
            continue
        skip_to(j)
        kept.append(line if normalise(actual[j]) == normalise(line) else actual[j])
        i = j + 1
    skip_to(len(actual))
    return kept


def main(argv: list[str]) -> int:
    update = "--update" in argv
    args = [a for a in argv if a != "--update"]
    if len(args) < 2 or any(a.startswith("-") for a in args):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 64
    offtake = Path(args[0]).resolve()
    if not (offtake.is_file() and os.access(offtake, os.X_OK)):
        print(f"docs-check: {args[0]} is not an executable", file=sys.stderr)
        return 64
    pages = [Path(p) for p in args[1:]]
    for page in pages:
        if not page.is_file():
            print(f"docs-check: no file {page}", file=sys.stderr)
            return 64
    failures = 0
    count = 0
    for page in pages:
        lines = page.read_text(encoding="utf-8").split("\n")
        replacements: list[tuple[int, int, list[str]]] = []
        for block in transcripts(lines):
            for command in block:
                count += 1
                actual, status = run(command, offtake)
                expected = [line.rstrip() for line in command.output]
                while expected and not expected[-1]:
                    expected.pop()
                got = collapse(expected, actual)
                # A timing line that differs only in its timing shows as written, not as a difference.
                got = [expected[k] if k < len(expected) and normalise(line) == normalise(expected[k]) else line
                       for k, line in enumerate(got)]
                where = f"{page}:{command.start + 1}"
                if status < 0:
                    print(f"{where}: `{command.text}` was killed by signal {-status}")
                    failures += 1
                if [normalise(l) for l in got] == [normalise(l) for l in expected]:
                    continue
                if update:
                    replacements.append((command.output_start, command.output_start + len(expected), updated(expected, actual)))
                    print(f"{where}: updated `{command.text.splitlines()[0]}`")
                    continue
                failures += 1
                print(f"{where}: the output of `{command.text}` differs (exit status {status}):")
                sys.stdout.writelines(line + "\n" for line in difflib.unified_diff(
                    expected, got, fromfile=f"{page} (as written)", tofile="real output", lineterm=""))
                print()
        if replacements:
            for start, end, new in sorted(replacements, reverse=True):
                lines[start:end] = new
            page.write_text("\n".join(lines), encoding="utf-8")
    print(f"docs-check: {count} commands, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
