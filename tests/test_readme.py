"""The README's front door, run as a newcomer would: its walkthrough config is the file it
names, and its walkthrough commands, executed in order against `aigw mock`, print what the
README says they print. Fails when either drifts from the code.

The commands run as written except for the ports (8080/8081/8090 become free ephemeral
ones, so the test can run beside anything else) and `config/quickstart.yaml`, which becomes a
copy with those ports. `export` lines set the environment of the later commands; a command
ending in `&` is started in the background and waited for (its port answering); the comment
lines `#   ...` right after a command are its expected output, where `...` stands for any text.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness import free_port

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
WALKTHROUGH_HEADING = "## In front of your own model"


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end > 0 else len(text)]


def fenced_blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.S | re.M)


def commands(block: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) in order; `\\` continuations joined, comments dropped."""
    out: list[tuple[str, list[str]]] = []
    pending = ""
    for line in block.splitlines():
        if line.startswith("#   "):
            assert out, f"expected output before any command: {line}"
            out[-1][1].append(line[4:])
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1]
            continue
        out.append((strip_comment(pending + line).strip(), []))
        pending = ""
    return out


def strip_comment(line: str) -> str:
    """Drop a trailing `# ...` comment: a `#` after whitespace and outside quotes."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def matches(expected: str, output: str) -> bool:
    """`...` is any text; the pieces between must appear in order."""
    pos = 0
    for piece in (p.strip() for p in expected.split("...")):
        if not piece:
            continue
        found = output.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


def wait_port(port: int, proc: subprocess.Popen[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"exited with {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}"
            )
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {timeout}s")


def test_walkthrough_config_is_the_file_it_names():
    walk = section(README, WALKTHROUGH_HEADING)
    [yaml_block] = fenced_blocks(walk, "yaml")
    config = (ROOT / "config" / "quickstart.yaml").read_text()
    # the README shows the file without its first comment line
    assert yaml_block == "".join(config.splitlines(keepends=True)[1:])


def test_readme_stays_a_front_door():
    lines = README.splitlines()
    assert len(lines) < 200
    for internal in ("DESIGN.md", "core issue set", "this VM", "this machine"):
        assert internal not in README, internal
    # every relative link points at a file of the repository
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), target
    # what `make test` installs, as the Makefile says
    apt = re.search(r"^APT_PKGS := (.*)$", (ROOT / "Makefile").read_text(), flags=re.M)
    assert apt
    for pkg in apt.group(1).split():
        assert f"`{pkg}`" in section(README, "## Two commands"), pkg
    assert "AIGW_ADMIN_TOKEN" in section(README, WALKTHROUGH_HEADING)
    # the one benchmark table points at the full report, whose numbers it repeats
    perf = section(README, "## Performance")
    assert "docs/benchmarks.md" in perf
    bench = (ROOT / "docs" / "benchmarks.md").read_text()
    for row in (line for line in perf.splitlines() if line.startswith("| ") and "---" not in line):
        if row.startswith("| proxy"):
            continue
        assert row in bench, row


def test_walkthrough_commands_run_as_written(tmp_path):
    walk = section(README, WALKTHROUGH_HEADING)
    [sh] = fenced_blocks(walk, "sh")
    ports = {"8080": str(free_port()), "8081": str(free_port()), "8090": str(free_port())}

    def local(text: str) -> str:
        for old, new in ports.items():
            text = re.sub(rf"(?<=[:\s]){old}\b", new, text)
        return text.replace("config/quickstart.yaml", str(tmp_path / "quickstart.yaml"))

    (tmp_path / "quickstart.yaml").write_text(local((ROOT / "config" / "quickstart.yaml").read_text()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIGW_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    background: list[subprocess.Popen[str]] = []
    steps = commands(sh)
    assert [c for c, _ in steps if c.startswith("aigw run")], "the walkthrough runs the gateway"
    try:
        for command, expected in steps:
            command = local(command)
            if command.startswith("export "):
                name, _, value = command[len("export ") :].partition("=")
                env[name] = subprocess.run(
                    ["bash", "-c", f"printf %s {value}"], env=env, capture_output=True, text=True, check=True
                ).stdout
                assert env[name], command
                continue
            if command.endswith("&"):
                proc = subprocess.Popen(
                    ["bash", "-c", f"exec {command[:-1]}"],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    start_new_session=True,
                )
                background.append(proc)
                port = re.search(r"--port (\d+)", command)
                wait_port(int(port.group(1)) if port else int(ports["8080"]), proc)
                continue
            done = subprocess.run(
                ["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60
            )
            assert done.returncode == 0, (command, done.stdout, done.stderr)
            for line in expected:
                assert matches(line, done.stdout), (command, line, done.stdout)
    finally:
        for proc in background:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in background:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


@pytest.mark.parametrize(
    ("expected", "output", "ok"),
    [
        ('{"a":1,...', '{"a":1,"b":2}', True),
        ('..."x":"y"...', '{"x":"y"}', True),
        ('..."x":"z"...', '{"x":"y"}', False),
        ("a ... c", "a b c", True),
        ("c ... a", "a b c", False),
    ],
)
def test_expected_output_matching(expected, output, ok):
    assert matches(expected, output) is ok


def test_comment_stripping_keeps_quoted_hashes():
    assert strip_comment("aigw check -c x.yaml   # validates") == "aigw check -c x.yaml   "
    assert strip_comment('curl -d \'{"a":"#1"}\'') == 'curl -d \'{"a":"#1"}\''
    assert [c for c, _ in commands("a \\\n  b  # c\n#   out\n")] == ["a   b"]
