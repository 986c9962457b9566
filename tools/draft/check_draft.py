#!/usr/bin/env python3
"""Checks a survey folder drafted by `readiness init` against SPEC §2 and §8's key names.

    python3 tools/draft/check_draft.py DRAFT_FOLDER WAVE EXPECTED_SOURCE [FORBIDDEN_TEXT...]

Parses instrument.yaml and WAVE/wave.yaml with PyYAML (an independent YAML reader), checks
every key against the names SPEC §2.1, §2.2 and §8 define, every id against its pattern,
every item's scale against the scales declared, the register's columns and ids, and that
no FORBIDDEN_TEXT (free-text answers of the export) appears in any drafted file. Prints
one line per problem and exits 1 if there is any; prints "ok" otherwise.
"""
import csv
import re
import sys

import yaml

INSTRUMENT_KEYS = {"id", "version", "title", "likert_labels", "missing_tokens", "dont_know_tokens", "levels",
                   "thresholds", "columns", "roles", "domains", "glossary",
                   # SPEC §8.1
                   "scales", "default_scale", "true_tokens", "false_tokens"}
ITEM_KEYS = {"id", "text", "type", "reverse", "answer", "aliases", "scale"}
DOMAIN_KEYS = {"id", "title", "weight", "items"}
SCALE_KEYS = {"labels", "codes", "missing", "favourable"}
COLUMN_KEYS = {"response_id", "organisation_id", "submitted_at", "role"}
WAVE_KEYS = {"id", "title", "opens", "closes",
             # SPEC §8.4-§8.7
             "source", "header_rows", "date_order", "require_response_id", "completion", "sheet"}
SOURCES = {"generic", "qualtrics", "qualtrics-legacy", "limesurvey", "surveymonkey", "google-forms",
           "microsoft-forms", "redcap", "alchemer"}
REGISTER_COLUMNS = ["organisation_id", "name", "sector", "locality", "signatory", "signed_on", "aliases"]
ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,31}$")
ORGANISATION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def main():
    folder, wave, source, forbidden = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    problems = []
    with open(f"{folder}/instrument.yaml", encoding="utf-8") as handle:
        instrument = yaml.safe_load(handle)
    with open(f"{folder}/{wave}/wave.yaml", encoding="utf-8") as handle:
        wave_yaml = yaml.safe_load(handle)

    problems += [f"instrument.yaml: unknown key {key}" for key in set(instrument) - INSTRUMENT_KEYS]
    for key in ("id", "version", "title", "domains"):
        if key not in instrument:
            problems.append(f"instrument.yaml: missing {key}")
    problems += [f"columns: unknown key {key}" for key in set(instrument.get("columns") or {}) - COLUMN_KEYS]
    for key, names in (instrument.get("columns") or {}).items():
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            problems.append(f"columns.{key}: expected a list of texts")
    scales = instrument.get("scales") or {}
    for name, scale in scales.items():
        if not ID.match(name) or name == "likert":
            problems.append(f"scales.{name}: bad name")
        problems += [f"scales.{name}: unknown key {key}" for key in set(scale) - SCALE_KEYS]
        labels = scale.get("labels") or []
        if len(labels) < 2 or not all(isinstance(label, str) and label for label in labels):
            problems.append(f"scales.{name}.labels: expected at least 2 texts")
        if len({label.lower() for label in labels}) != len(labels):
            problems.append(f"scales.{name}.labels: duplicate label")
        if "codes" in scale and (len(scale["codes"]) != len(labels) or len(set(scale["codes"])) != len(labels)):
            problems.append(f"scales.{name}.codes: expected one distinct code per label")
    for key in ("true_tokens", "false_tokens"):
        if key in instrument and not all(isinstance(token, str) for token in instrument[key]):
            problems.append(f"{key}: expected texts")
    if set(map(str.lower, instrument.get("true_tokens", []))) & set(map(str.lower, instrument.get("false_tokens", []))):
        problems.append("a token is both true and false")
    item_ids = set()
    for d, domain in enumerate(instrument.get("domains") or []):
        problems += [f"domains[{d}]: unknown key {key}" for key in set(domain) - DOMAIN_KEYS]
        if not ID.match(str(domain.get("id", ""))):
            problems.append(f"domains[{d}].id: bad id")
        if not domain.get("items"):
            problems.append(f"domains[{d}]: no items")
        for i, item in enumerate(domain.get("items") or []):
            path = f"domains[{d}].items[{i}]"
            problems += [f"{path}: unknown key {key}" for key in set(item) - ITEM_KEYS]
            item_id = str(item.get("id", ""))
            if not ID.match(item_id) or item_id.lower() in item_ids:
                problems.append(f"{path}.id: bad or duplicate id {item_id!r}")
            item_ids.add(item_id.lower())
            if not isinstance(item.get("text"), str):
                problems.append(f"{path}.text: expected a text")
            if item.get("type", "likert") not in ("likert", "knowledge"):
                problems.append(f"{path}.type: unknown type")
            if item.get("type") == "knowledge":
                if not isinstance(item.get("answer"), bool):
                    problems.append(f"{path}.answer: expected true or false")
                if "scale" in item:
                    problems.append(f"{path}.scale: only likert items have a scale")
            if "scale" in item and item["scale"] not in scales:
                problems.append(f"{path}.scale: unknown scale {item['scale']!r}")
            if "aliases" in item and not all(isinstance(alias, str) for alias in item["aliases"]):
                problems.append(f"{path}.aliases: expected texts")

    problems += [f"wave.yaml: unknown key {key}" for key in set(wave_yaml) - WAVE_KEYS]
    for key in ("opens", "closes"):
        if not DATE.match(str(wave_yaml.get(key, ""))):
            problems.append(f"wave.yaml: {key} is not an ISO date: {wave_yaml.get(key)!r}")
    if str(wave_yaml.get("opens")) > str(wave_yaml.get("closes")):
        problems.append("wave.yaml: closes before opens")
    if wave_yaml.get("source") not in SOURCES:
        problems.append(f"wave.yaml: unknown source {wave_yaml.get('source')!r}")
    if wave_yaml.get("source") != source:
        problems.append(f"wave.yaml: source {wave_yaml.get('source')!r}, expected {source!r}")
    if "require_response_id" in wave_yaml and not isinstance(wave_yaml["require_response_id"], bool):
        problems.append("wave.yaml: require_response_id is not a boolean")

    with open(f"{folder}/organisations.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if rows[0] != REGISTER_COLUMNS:
        problems.append(f"organisations.csv: header {rows[0]}")
    ids = [row[0] for row in rows[1:]]
    if not ids or len(set(ids)) != len(ids) or not all(ORGANISATION_ID.match(value) for value in ids):
        problems.append(f"organisations.csv: bad or duplicate ids {ids}")

    for path in ("instrument.yaml", "organisations.csv", f"{wave}/wave.yaml"):
        with open(f"{folder}/{path}", encoding="utf-8") as handle:
            text = handle.read()
        problems += [f"{path}: holds the free-text answer {value!r}" for value in forbidden if value in text]

    print("\n".join(problems) if problems else "ok")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
