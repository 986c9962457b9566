#!/usr/bin/env python3
"""The readiness benchmark: generates synthetic surveys of growing size and times
`readiness run` on each, for the centre files alone and for every report.

Usage: python3 tools/benchmark.py [--sizes 100000,1000000,5000000,10000000] [--organisations 500]
                                  [--binary .build/release/readiness] [--work .bench]
Prints one Markdown table row per size and mode: input MB, wall time, MB/s, responses/s
and peak memory (the child's maximum resident set size).
"""
import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import time


def run_measured(command):
    """Runs a command in a fresh child and returns (wall seconds, peak RSS in MB)."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.call(sys.argv[1:])\n"
        "wall = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(f'{code} {wall} {peak}')\n"
    )
    output = subprocess.run([sys.executable, "-c", wrapper] + command, capture_output=True, text=True, check=True)
    code, wall, peak = output.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return float(wall), float(peak)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000,5000000,10000000")
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--binary", default=".build/release/readiness")
    parser.add_argument("--work", default=".bench")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest is kept")
    args = parser.parse_args()

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            models = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
        if models:
            cpu = models[0]
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {os.cpu_count()} cores, {cpu}, {memory:.0f} GiB, {platform.system()} {platform.release()}")
    print()
    print("| responses | input MB | reports | wall s | MB/s | responses/s | peak MB |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for size in [int(value) for value in args.sizes.split(",")]:
        surveys = os.path.join(args.work, f"surveys-{size}")
        if not os.path.exists(os.path.join(surveys, "instrument.yaml")):
            subprocess.run([args.binary, "generate", "--out", surveys, "--organisations", str(args.organisations),
                            "--respondents", str(size), "--waves", "1", "--quiet"], check=True)
        responses = os.path.join(surveys, "baseline", "responses.csv")
        megabytes = os.path.getsize(responses) / 1e6
        # Warm the page cache, as an analyst's second run would be.
        with open(responses, "rb") as handle:
            while handle.read(1 << 24):
                pass
        for reports in ("centre", "all"):
            out = os.path.join(args.work, f"reports-{size}-{reports}")
            best = None
            for _ in range(args.repeat):
                shutil.rmtree(out, ignore_errors=True)
                wall, peak = run_measured([args.binary, "run", "--surveys", surveys, "--out", out,
                                           "--reports", reports, "--quiet"])
                if best is None or wall < best[0]:
                    best = (wall, peak)
            wall, peak = best
            print(f"| {size:,} | {megabytes:.0f} | {reports} | {wall:.2f} | {megabytes / wall:.0f} | "
                  f"{size / wall:,.0f} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
