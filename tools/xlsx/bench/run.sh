#!/usr/bin/env bash
# Measures the XLSX reader's ZIP and XML layers against ZIPFoundation and Foundation's
# XMLParser (tools/xlsx/README.md). A separate package, so that the product never depends
# on ZIPFoundation: the reader's sources are copied in, zlib comes from ZIPFoundation's
# own CZlib module.
#
#   tools/xlsx/bench/run.sh /tmp/forms-100k.xlsx      # after tools/xlsx/make_forms_workbook.py
set -euo pipefail
cd "$(dirname "$0")"
core=../../../Sources/ReadinessCore
rm -f Sources/Bench/Core_*.swift
for file in "$core"/Ingest/XLSX/*.swift "$core"/Ingest/MappedFile.swift "$core"/Instrument/Diagnostic.swift \
            "$core"/Ingest/TextMatching.swift; do
    sed 's/^import CZlibShim$/import CZlib/; s/CZlibShim\.inflate/CZlib.inflate/' "$file" > "Sources/Bench/Core_$(basename "$file")"
done
swift build -c release 2>&1 | grep -E "error|Compiling Bench" || true
for mode in own-inflate zf-inflate own-scan zf-parse reader; do
    for _ in 1 2 3; do
        /usr/bin/time -f "  wall %e s, user %U s, peak RSS %M KB" .build/release/Bench "$mode" "$1"
    done
done
