#!/usr/bin/env python3
"""Crash test: SIGKILL `thaplan import` of a large file set at random moments,
several times, and check after each kill that the registry opens, passes
PRAGMA integrity_check, still holds everything stored before, and holds the
whole new set or none of it. Finally re-run the import to completion.

Prints the seed so a failing run can be repeated with --seed.
"""
import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

TABLES = ("patients", "surgeries", "assessments")


def counts(db):
    con = sqlite3.connect(db)
    try:
        check = con.execute("PRAGMA integrity_check").fetchall()
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        n = tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)
    finally:
        con.close()
    return check, fk, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--patients", type=int, default=40000)
    ap.add_argument("--kills", type=int, default=6)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(f"crash test seed {seed} (repeat with --seed {seed})")
    rng = random.Random(seed)
    failures = []
    with tempfile.TemporaryDirectory(prefix="thaplan-crash-") as tmp:
        big = os.path.join(tmp, "big")
        simulate = [args.bin, "simulate", "cohort", "--sites", "4", "--seed", str(seed),
                    "--trials", "0"]
        subprocess.run(simulate + ["--patients", str(args.patients), "--out", big],
                       check=True, stderr=subprocess.DEVNULL)
        files = [os.path.join(big, f) for f in ("patients.csv", "surgeries.csv",
                                                 "assessments.csv")]
        # A registry that already holds 300 patients: the first 300 of the same
        # cohort, so the big import finds them unchanged and must keep them.
        base = os.path.join(tmp, "base")
        small = os.path.join(tmp, "small")
        subprocess.run(simulate + ["--patients", "300", "--out", small], check=True,
                       stderr=subprocess.DEVNULL)
        os.mkdir(base)
        base_db = os.path.join(base, "thaplan.db")
        example = [os.path.join(small, f)
                   for f in ("patients.csv", "surgeries.csv", "assessments.csv")]
        subprocess.run([args.bin, "--db", base_db, "import", *example], check=True,
                       stdout=subprocess.DEVNULL)
        _, _, before = counts(base_db)

        def fresh(name):
            d = os.path.join(tmp, name)
            shutil.copytree(base, d)
            return os.path.join(d, "thaplan.db")

        # How long a whole import takes, to spread the kills over it.
        db = fresh("timing")
        start = time.monotonic()
        subprocess.run([args.bin, "--db", db, "import", *files], check=True,
                       stdout=subprocess.DEVNULL)
        full = time.monotonic() - start
        _, _, after = counts(db)
        print(f"full import: {full:.2f} s, rows before {before}, after {after}")

        outcomes = {"none": 0, "all": 0}
        for k in range(args.kills):
            db = fresh(f"kill{k}")
            proc = subprocess.Popen([args.bin, "--db", db, "import", *files],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            delay = rng.uniform(0.02, 1.1) * full
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            check, fk, n = counts(db)
            state = "none" if n == before else "all" if n == after else "PARTIAL"
            print(f"kill {k} at {delay:.2f} s: integrity {check[0][0]}, rows {n} -> {state}")
            if check != [("ok",)]:
                failures.append(f"kill {k}: integrity_check says {check}")
            if fk:
                failures.append(f"kill {k}: foreign_key_check found {len(fk)} orphans")
            if state == "PARTIAL":
                failures.append(f"kill {k}: registry holds part of the import: {n}")
            else:
                outcomes[state] += 1
            summary = subprocess.run([args.bin, "--db", db, "summary"], capture_output=True,
                                     text=True)
            if summary.returncode != 0:
                failures.append(f"kill {k}: summary failed: {summary.stderr}")
            # The interrupted import can simply be run again.
            rerun = subprocess.run([args.bin, "--db", db, "import", *files],
                                   capture_output=True, text=True)
            _, _, n = counts(db)
            if rerun.returncode != 0 or n != after:
                failures.append(f"kill {k}: re-import gave exit {rerun.returncode}, rows {n}")
        print(f"kills that left the registry as before: {outcomes['none']}, "
              f"with the whole import: {outcomes['all']}")
    for f in failures:
        print("FAIL " + f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
