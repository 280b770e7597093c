#!/usr/bin/env python3
"""Runs the end-to-end cases in tests/cases/*.case against the real binary.

A case file is plain text in blocks, each opened by a line starting with '===':

    # Comment lines before the first block say what the case checks.
    === file patients.csv        the lines up to the next block are written to
    ...                          that file in a fresh temporary folder
    === run                      a shell command run in that folder; the word
    thaplan import patients.csv  `thaplan` is replaced by the binary under test;
                                 $SHARED_DATA is ../shared/data, $SOURCE_DIR the checkout
    === exit 2                   its expected exit code (default 0)
    === stdout                   expected stdout, exactly
    === stderr                   expected stderr, exactly
    === stdout-contains          lines that must each appear in stdout
    === stderr-contains          lines that must each appear in stderr

Several `run` blocks may follow one another; each is checked against the
expectations that follow it. Cases ending in `_slow.case` are skipped with
--fast. Prints 'N passed, N failed' and exits non-zero on any failure.
"""
import argparse
import difflib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile


def parse(path):
    blocks = []
    current = None
    for line in path.read_text().splitlines(keepends=True):
        if line.startswith("==="):
            words = line[3:].split()
            current = {"kind": words[0], "arg": " ".join(words[1:]), "body": ""}
            blocks.append(current)
        elif current is not None:
            current["body"] += line
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"{path}: text before the first === block: {line!r}")
    return blocks


def run_case(path, binary, env):
    blocks = parse(path)
    failures = []
    with tempfile.TemporaryDirectory(prefix="thaplan-case-") as tmp:
        steps = []
        for b in blocks:
            if b["kind"] == "file":
                target = pathlib.Path(tmp, b["arg"])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(b["body"])
            elif b["kind"] == "run":
                steps.append({"cmd": b["body"].strip(), "expect": []})
            elif steps:
                steps[-1]["expect"].append(b)
            else:
                raise ValueError(f"{path}: '{b['kind']}' block before any run block")
        for step in steps:
            cmd = re.sub(r"\bthaplan\b(?![-_.])", binary, step["cmd"])
            proc = subprocess.run(["bash", "-c", cmd], cwd=tmp, env=env,
                                  capture_output=True, text=True, timeout=300)
            exit_code = 0
            for b in step["expect"]:
                kind, body = b["kind"], b["body"]
                if kind == "exit":
                    exit_code = int(b["arg"])
                elif kind in ("stdout", "stderr"):
                    actual = getattr(proc, kind)
                    if actual != body:
                        diff = "".join(difflib.unified_diff(
                            body.splitlines(True), actual.splitlines(True),
                            f"expected {kind}", f"actual {kind}"))
                        failures.append(f"`{step['cmd']}`: {kind} differs:\n{diff}")
                elif kind in ("stdout-contains", "stderr-contains"):
                    actual = getattr(proc, kind.split("-")[0])
                    for want in body.splitlines():
                        if want and want not in actual:
                            failures.append(f"`{step['cmd']}`: {kind} lacks {want!r}; got:\n"
                                            f"{actual}")
                else:
                    raise ValueError(f"{path}: unknown block '{kind}'")
            if proc.returncode != exit_code:
                failures.append(f"`{step['cmd']}`: exit {proc.returncode}, expected "
                                f"{exit_code}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("filter", nargs="*")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    env = {k: v for k, v in os.environ.items() if not k.startswith("THAPLAN_")}
    env["THAPLAN_ACTOR"] = "case-runner"
    env["SOURCE_DIR"] = str(pathlib.Path(__file__).resolve().parent.parent)
    # The public recordings, read-only (../shared/data beside the checkout).
    env["SHARED_DATA"] = str(pathlib.Path(env["SOURCE_DIR"]).parent / "shared" / "data")
    passed = failed = 0
    for path in sorted(pathlib.Path(args.cases).glob("**/*.case")):
        if args.fast and path.stem.endswith("_slow"):
            continue
        if args.filter and not any(f in path.name for f in args.filter):
            continue
        failures = run_case(path, binary, env)
        if failures:
            failed += 1
            print(f"FAIL {path.name}")
            for f in failures:
                print("  " + f.replace("\n", "\n  "))
        else:
            passed += 1
            print(f"ok   {path.name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
