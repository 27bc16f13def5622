#!/usr/bin/env python3
"""Runs the composite action in action.yml the way a GitHub runner would, on this machine.

    scripts/run-action.py [--action action.yml] [--workspace DIR] [--temp DIR] [--input NAME=VALUE ...]

Reads action.yml with a YAML parser, then runs each step's `run:` script in order with the runner's
environment emulated: `${{ inputs.x }}`, `${{ github.action_path }}` and `${{ steps.ID.outputs.KEY }}`
are substituted, each step gets its own GITHUB_OUTPUT / GITHUB_PATH / GITHUB_ENV /
GITHUB_STEP_SUMMARY files, what a step appends to GITHUB_PATH is on PATH for the steps after it,
and `shell: bash` runs as
`bash --noprofile --norc -eo pipefail FILE`, as GitHub runs it. Prints the action's outputs as one
JSON object on stdout; the steps' own output goes to stderr. Exits 1 naming the step that failed.

Any expression it does not know (an `if:`, a function call, another context) is an error rather
than a guess, so the action cannot come to rely on something this emulation skips.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
NAME = r"[A-Za-z_][A-Za-z0-9_-]*"


class ActionError(Exception):
    pass


def substitute(text, inputs, context, steps, where):
    def value(match):
        expression = match.group(1)
        found = re.fullmatch(rf"inputs\.({NAME})", expression)
        if found:
            if found.group(1) not in inputs:
                raise ActionError(f"{where}: '${{{{ {expression} }}}}' names no declared input")
            return inputs[found.group(1)]
        found = re.fullmatch(rf"github\.({NAME})", expression)
        if found and found.group(1) in context:
            return context[found.group(1)]
        found = re.fullmatch(rf"steps\.({NAME})\.outputs\.({NAME})", expression)
        if found:
            return steps.get(found.group(1), {}).get(found.group(2), "")
        raise ActionError(f"{where}: the emulation does not evaluate '${{{{ {expression} }}}}'")

    return EXPRESSION.sub(value, str(text))


def read_outputs(path):
    """GITHUB_OUTPUT's two forms: `key=value` lines and `key<<DELIMITER` … `DELIMITER` blocks."""
    outputs = {}
    with open(path, encoding="utf-8") as file:
        lines = file.read().split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            body = []
            while index < len(lines) and lines[index] != delimiter:
                body.append(lines[index])
                index += 1
            if index == len(lines):
                raise ActionError(f"{path}: no closing '{delimiter}' for '{key}'")
            index += 1
            outputs[key] = "\n".join(body)
        elif "=" in line:
            key, value = line.split("=", 1)
            outputs[key] = value
        else:
            raise ActionError(f"{path}: line '{line}' is neither key=value nor key<<DELIMITER")
    return outputs


def run(action_path, workspace, temp, given):
    with open(action_path, encoding="utf-8") as file:
        action = yaml.safe_load(file)
    if action.get("runs", {}).get("using") != "composite":
        raise ActionError(f"{action_path}: runs.using is not 'composite'")

    declared = action.get("inputs") or {}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise ActionError(f"{action_path} declares no input {', '.join(unknown)}")
    inputs = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    inputs.update(given)
    for name, spec in declared.items():
        if spec.get("required") and not inputs[name]:
            raise ActionError(f"input '{name}' is required")

    action_dir = os.path.dirname(os.path.abspath(action_path))
    context = {"action_path": action_dir, "workspace": workspace}
    os.makedirs(temp, exist_ok=True)
    environment = dict(os.environ)
    environment.update({
        "CI": "true", "GITHUB_ACTIONS": "true", "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
        "RUNNER_TEMP": temp, "GITHUB_WORKSPACE": workspace, "GITHUB_ACTION_PATH": action_dir,
        "GITHUB_ACTION_REPOSITORY": "wasmpack/wasmpack",
    })
    added_path = []
    steps = {}
    for number, step in enumerate(action["runs"].get("steps", []), 1):
        label = f"step {number} ({step.get('name') or step.get('id') or 'unnamed'})"
        supported = {"name", "id", "shell", "env", "run"}
        if set(step) - supported:
            raise ActionError(f"{label}: the emulation does not handle {sorted(set(step) - supported)}")
        if step.get("shell") != "bash":
            raise ActionError(f"{label}: only 'shell: bash' is emulated")
        files = {}
        for variable in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV", "GITHUB_STEP_SUMMARY"):
            handle, files[variable] = tempfile.mkstemp(prefix=variable.lower() + "-", dir=temp)
            os.close(handle)
        step_environment = dict(environment)
        step_environment.update(files)
        # GitHub prepends GITHUB_PATH entries, the latest first.
        step_environment["PATH"] = os.pathsep.join(list(reversed(added_path)) + [environment["PATH"]])
        for key, value in (step.get("env") or {}).items():
            step_environment[key] = substitute(value, inputs, context, steps, f"{label} env {key}")
        script = substitute(step["run"], inputs, context, steps, f"{label} run")
        handle, script_path = tempfile.mkstemp(suffix=".sh", dir=temp)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(script)
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", script_path],
            cwd=workspace, env=step_environment, stdout=sys.stderr, stdin=subprocess.DEVNULL)
        os.unlink(script_path)
        if completed.returncode != 0:
            raise ActionError(f"{label} failed with exit status {completed.returncode}")
        if "id" in step:
            steps[step["id"]] = read_outputs(files["GITHUB_OUTPUT"])
        with open(files["GITHUB_PATH"], encoding="utf-8") as file:
            added_path += [line for line in file.read().split("\n") if line]
        environment.update(read_outputs(files["GITHUB_ENV"]))
        for path in files.values():
            os.unlink(path)

    outputs = {}
    for name, spec in (action.get("outputs") or {}).items():
        outputs[name] = substitute(spec.get("value", ""), inputs, context, steps, f"output {name}")
    return outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--action", default="action.yml")
    parser.add_argument("--workspace", default=os.getcwd())
    parser.add_argument("--temp", required=True, help="RUNNER_TEMP")
    parser.add_argument("--input", action="append", default=[], metavar="NAME=VALUE")
    arguments = parser.parse_args()
    given = {}
    for item in arguments.input:
        if "=" not in item:
            parser.error(f"--input '{item}' is not NAME=VALUE")
        name, value = item.split("=", 1)
        given[name] = value
    try:
        outputs = run(arguments.action, os.path.abspath(arguments.workspace), os.path.abspath(arguments.temp), given)
    except ActionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    json.dump(outputs, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
