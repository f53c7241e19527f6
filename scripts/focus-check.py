#!/usr/bin/env python3
"""Reads a focus-validator JUnit report and exits 1 when a MUST rule failed.

focus-validator exits 0 whatever the result. Its rules form a tree: a composite rule combines child
rules with AND or OR, and an optional column's rules hang under a SHOULD or RECOMMENDED composite. A
failed rule counts when its keyword is MUST or MUST NOT unless a composite above it for the same column
excuses it: an OR that did not fail (InvoiceId "MUST be null when…" or "MUST NOT be null when…"), or a
composite that is not a MUST (the rules of a RECOMMENDED column left out).

usage: focus-check.py REPORT.xml MODEL.json
"""
import json
import sys
import xml.etree.ElementTree as ET


def main() -> int:
    report, model_path = sys.argv[1], sys.argv[2]
    rules = json.load(open(model_path, encoding="utf-8"))["ModelRules"]
    parents: dict[str, list[str]] = {}

    def children(requirement):
        if not isinstance(requirement, dict):
            return
        if requirement.get("CheckFunction") == "CheckModelRule":
            yield requirement["ModelRuleId"]
        for item in requirement.get("Items", []) or []:
            yield from children(item)

    for rule_id, rule in rules.items():
        for child in children(rule.get("ValidationCriteria", {}).get("Requirement")):
            parents.setdefault(child, []).append(rule_id)

    status: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        rule_id = case.get("name", "").split(" ")[0]
        if case.find("failure") is not None or case.find("error") is not None:
            status[rule_id] = "failed"
        elif case.find("skipped") is not None:
            status[rule_id] = "skipped"
        else:
            status[rule_id] = "passed"
    if not status:
        print("focus-check: the report has no test cases", file=sys.stderr)
        return 1

    def keyword(rule_id):
        return rules.get(rule_id, {}).get("ValidationCriteria", {}).get("Keyword", "MUST")

    def reference(rule_id):
        return rules.get(rule_id, {}).get("Reference")

    def is_or(rule_id):
        return rules.get(rule_id, {}).get("ValidationCriteria", {}).get("Requirement", {}).get("CheckFunction") == "OR"

    memo: dict[str, bool] = {}

    def excused(rule_id) -> bool:
        if rule_id not in memo:
            memo[rule_id] = False
            memo[rule_id] = any(
                keyword(p) not in ("MUST", "MUST NOT") or (is_or(p) and status.get(p) != "failed") or excused(p)
                for p in parents.get(rule_id, []) if reference(p) == reference(rule_id))
        return memo[rule_id]

    def counts(rule_id) -> bool:
        return status.get(rule_id) == "failed" and keyword(rule_id) in ("MUST", "MUST NOT") and not excused(rule_id)

    failed = sorted(r for r in status if counts(r))
    for rule_id in failed:
        text = rules.get(rule_id, {}).get("ValidationCriteria", {}).get("MustSatisfy", "")
        print(f"FAILED {rule_id}: {text}")
    counts_by = {s: sum(1 for v in status.values() if v == s) for s in ("passed", "failed", "skipped")}
    print(f"focus-validator: {counts_by['passed']} passed, {counts_by['failed']} failed "
          f"({len(failed)} MUST), {counts_by['skipped']} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
