#!/usr/bin/env python3
"""Recount a closed ballot from its public tally file, with plain Python (3.11+, no Django, no
ThiDua code): the counting rules are written again here, independently of ``counting.py``.

    python3 recount.py kiem-phieu.json                  # recount, compare with the announced result
    python3 recount.py kiem-phieu.json --ma ABCDE-23456 # also look for my receipt code

The tally file (``GET /api/v1/ballots/{id}/tally`` or the "Tải tệp kiểm phiếu" button of a closed
ballot) holds the ballot, its options, the counting rules, every electronic paper with its receipt
code, the confirmed paper bundles and the announced result. Exit status 0 when the recount
matches the announced result, 1 when it does not, 2 when the file cannot be read."""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

COMPARED = ["quorum_met", "returned", "valid", "invalid", "abstain", "base", "undecided_seats"]


def tally(data: dict) -> dict:
    """Papers and bundles added up: returned, invalid, abstain and votes per option key."""
    keys = [o["key"] for o in data["options"]]
    votes = dict.fromkeys(keys, 0)
    returned = invalid = abstain = 0
    seats = data["ballot"]["seats"]
    for paper in data["papers"]:
        returned += 1
        chosen = paper["choices"]
        if paper["abstain"]:
            if chosen:
                raise ValueError(f"phiếu {paper['receipt'] or '(không mã)'}: vừa bỏ trống vừa có lựa chọn")
            abstain += 1
            continue
        if len(set(chosen)) != len(chosen) or len(chosen) > seats or not set(chosen) <= set(keys):
            raise ValueError(f"phiếu {paper['receipt'] or '(không mã)'}: lựa chọn không hợp lệ {chosen}")
        for key in chosen:
            votes[key] += 1
    for batch in data["paper_batches"]:
        returned += batch["ballots"]
        invalid += batch["invalid"]
        abstain += batch["abstain"]
        for key, n in batch["counts"].items():
            votes[key] = votes.get(key, 0) + n
    return {"returned": returned, "invalid": invalid, "abstain": abstain, "votes": votes}


def count(data: dict) -> dict:
    """Apply the rules of the file to the tally: quorum, threshold, seats, ties, runoff."""
    rules, t = data["rules"], tally(data)
    keys = [o["key"] for o in data["options"]]
    total = rules["total_weight"]
    valid = t["returned"] - t["invalid"]
    base = total if rules["approval_base"] == "members" else valid
    ratio = Fraction(rules["approval_ratio"])

    def passes(v: int) -> bool:
        if base <= 0:
            return False
        return Fraction(v, base) > ratio if rules["approval_strict"] else Fraction(v, base) >= ratio

    quorum = total > 0 and Fraction(t["returned"], total) >= Fraction(rules["quorum"])
    out = {
        "quorum_met": quorum,
        "returned": t["returned"],
        "valid": valid,
        "invalid": t["invalid"],
        "abstain": t["abstain"],
        "base": base,
        "votes": {k: t["votes"].get(k, 0) for k in keys},
    }
    v = out["votes"]
    if data["ballot"]["question"]:
        approved = quorum and passes(v["yes"])
        return (
            out
            | {"elected": ["yes"] if approved else [], "tied": [], "runoff": [], "ties": []}
            | {
                "undecided_seats": 0,
                "approved": approved,
            }
        )
    seats = data["ballot"]["seats"]
    elected, tied, left = [], [], seats
    reached = [k for k in keys if quorum and passes(v[k])]
    for level in sorted({v[k] for k in reached}, reverse=True):
        group = [k for k in reached if v[k] == level]
        if len(group) > left:
            tied = group
            break
        elected += group
        left -= len(group)
        if left == 0:
            break
    runoff = []
    if quorum and left:
        if tied:
            runoff = tied
        else:
            others = sorted((k for k in keys if k not in elected and v[k] > 0), key=lambda k: -v[k])
            if others:
                cut = v[others[min(len(others), left + 1) - 1]]
                runoff = [k for k in others if v[k] >= cut]
    ties = []
    for level in sorted({v[k] for k in runoff}, reverse=True):
        group = [k for k in keys if k in runoff and v[k] == level]
        if len(group) > 1:
            ties.append(group)
    return out | {
        "elected": elected,
        "tied": tied,
        "runoff": runoff,
        "ties": ties,
        "undecided_seats": left if quorum else seats,
        "approved": None,
    }


def differences(data: dict, mine: dict) -> list[str]:
    """What the recount finds different from the announced result (empty when it agrees)."""
    announced = data["result"]
    diffs = [
        f"{k}: công bố {announced.get(k)!r}, đếm lại {mine[k]!r}"
        for k in COMPARED
        if announced.get(k) != mine[k]
    ]
    told = {r["key"]: r["votes"] for r in announced["rows"]}
    diffs += [
        f"số phiếu {k}: công bố {told.get(k)}, đếm lại {n}"
        for k, n in mine["votes"].items()
        if told.get(k) != n
    ]
    for key in ("elected", "tied", "runoff"):
        if sorted(announced.get(key) or []) != sorted(mine[key]):
            diffs.append(f"{key}: công bố {announced.get(key)}, đếm lại {mine[key]}")
    if "ties" in announced and sorted(map(sorted, announced["ties"])) != sorted(map(sorted, mine["ties"])):
        diffs.append(f"ties: công bố {announced['ties']}, đếm lại {mine['ties']}")
    if data["ballot"]["question"] and announced.get("approved") != mine["approved"]:
        diffs.append(f"approved: công bố {announced.get('approved')}, đếm lại {mine['approved']}")
    return diffs


def find_receipt(data: dict, code: str) -> dict | None:
    code = code.strip().upper()
    return next((p for p in data["papers"] if p["receipt"] and p["receipt"] == code), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kiểm phiếu lại từ tệp kiểm phiếu của ThiDua.")
    parser.add_argument("file", help="tệp kiểm phiếu (JSON)")
    parser.add_argument("--ma", help="mã biên nhận cần tìm")
    args = parser.parse_args(argv)
    try:
        with open(args.file, encoding="utf-8") as fh:
            data = json.load(fh)
        mine = count(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"Không đọc được tệp kiểm phiếu: {exc}", file=sys.stderr)
        return 2
    names = {o["key"]: o["name"] for o in data["options"]}
    print(f"{data['ballot']['title']} (vòng {data['ballot']['round']})")
    print(
        f"Phiếu thu về {mine['returned']}/{data['rules']['total_weight']}, hợp lệ {mine['valid']}, "
        f"không hợp lệ {mine['invalid']}, phiếu trắng {mine['abstain']}"
    )
    for key, n in sorted(mine["votes"].items(), key=lambda kv: -kv[1]):
        print(f"  {names.get(key, key)}: {n}/{mine['base']}")
    if args.ma:
        paper = find_receipt(data, args.ma)
        if paper is None:
            print(f"Không thấy mã biên nhận {args.ma.strip().upper()} trong tệp: hãy báo Ban kiểm phiếu.")
        else:
            chosen = ", ".join(names.get(k, k) for k in paper["choices"]) or "phiếu trắng"
            print(f"Mã {paper['receipt']} có trong tệp và đã được đếm; phiếu ghi: {chosen}.")
    diffs = differences(data, mine)
    if diffs:
        print("KHÔNG KHỚP với kết quả đã công bố:")
        for line in diffs:
            print("  - " + line)
        return 1
    print("KHỚP: đếm lại cho đúng kết quả đã công bố.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
