"""Cross-check of Offtake's verdict against the NumPy peer of the whole deal model (deal_peer.py).

Usage: python compare_deal.py OFFTAKE_RESULT.json PEER.json [--markdown]

For every line of Offtake's verdict (the lines `offtake run` prints) it finds the peer's estimate and
compares them with z = (offtake − peer) ÷ √(se_offtake² + se_peer²):
  - probabilities: se = √(p(1 − p)/n) on each side (n = paths on which the metric is defined);
  - means: Offtake's reported standard error (`stderr` of the metric), the peer's sample sd ÷ √n;
  - quantiles (medians, 5th percentile): Offtake's 95 % order-statistic interval ÷ (2 × 1.96), the
    peer's bootstrap standard error.
A line agrees when |z| ≤ 4; values equal to 10⁻⁹ relative count as equal (z = 0). A second table compares the means of the supporting metrics the peer
also computes (the buyer's funding, revenue and NPV, each contract's value, charges and payments, the
provider's debt, equity, value at the horizon (`residual_value`) and stranded capacity) the same way. The script exits 1 if any
row disagrees or if the peer lacks a verdict line. With ≈ 80 rows a correct model fails by chance
about 0.5 % of runs.
"""
import json
import math
import sys

LIMIT = 4.0


def money(x):
    a = abs(x)
    for unit, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if a >= scale:
            return f"{x / scale:.3f}{unit}"
    return f"{x:.4g}"


def fmt(kind, x):
    if kind in ("probability", "share"):
        return f"{100 * x:.2f}%"
    if kind == "money":
        return money(x)
    return f"{x:.4g}"


def main():
    markdown = "--markdown" in sys.argv[1:]
    argv = [a for a in sys.argv[1:] if a != "--markdown"]
    if len(argv) != 2:
        sys.exit(__doc__)
    sys.argv[1:] = argv
    offtake = json.load(open(sys.argv[1]))
    peer = json.load(open(sys.argv[2]))
    rows, failures, missing = [], 0, []
    verdict_keys = {f"{line['id']}@{line['statistic']}" for line in offtake["verdict"]}
    support = []
    for key in peer["metrics"]:
        ident, statistic = key.split("@")
        if key not in verdict_keys and statistic == "mean" and ident in offtake["metrics"]:
            m = offtake["metrics"][ident]
            support.append({"id": ident, "statistic": "mean", "label": f"{ident} (mean)", "kind": m["kind"], "value": m["mean"]})
    for line in offtake["verdict"] + support:
        if line is support[0] if support else False:
            rows.append(None)
        key = f"{line['id']}@{line['statistic']}"
        p = peer["metrics"].get(key)
        if p is None:
            missing.append(key)
            continue
        metric = offtake["metrics"][line["id"]]
        n = metric["count"]
        a = line["value"]
        if line["statistic"] == "probability":
            se_a = math.sqrt(max(a * (1 - a), 0) / n)
        elif line["statistic"] == "mean":
            se_a = metric["stderr"]
        else:
            lo, hi = line["ci95"]
            se_a = (hi - lo) / (2 * 1.959963984540054)
        b, se_b = p["value"], p["se"]
        se = math.hypot(se_a, se_b)
        if abs(a - b) <= 1e-9 * max(abs(a), abs(b)):
            z = 0.0  # equal up to the rounding of sums taken in another order (a contract's fixed value)
        else:
            z = (a - b) / se if se > 0 else math.inf
        ok = abs(z) <= LIMIT
        failures += not ok
        kind = line["kind"]
        rows.append((f"{line['label']}", f"{fmt(kind, a)} ± {fmt(kind, se_a)}", f"{fmt(kind, b)} ± {fmt(kind, se_b)}",
                     f"{z:+.2f}", "ok" if ok else "DISAGREE"))
    head = ("metric", f"Offtake ({offtake['paths']:,} paths)", f"NumPy peer ({peer['paths']:,} paths)", "z", "ok")
    table = [r for r in rows if r is not None]
    widths = [max(len(r[i]) for r in table + [head]) for i in range(5)]
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|---|---:|---:|---:|---|")
    for r in [head] + rows:
        if r is None:
            print("| *supporting metrics (not in the verdict)* | | | | |" if markdown else "supporting metrics (not in the verdict):")
            continue
        if markdown:
            if r is not head:
                print("| " + " | ".join(r) + " |")
            continue
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    rows = table
    for key in missing:
        print(f"MISSING in the peer: {key}")
    worst = max(rows, key=lambda r: abs(float(r[3])) if r[3] not in ("+inf", "-inf") else math.inf)
    print(f"{'agree' if failures == 0 and not missing else 'DISAGREE'}: {len(rows) - len(support)} verdict lines and "
          f"{len(support)} supporting means, {failures} beyond "
          f"{LIMIT:g} combined s.e., largest |z| {abs(float(worst[3])):.2f} ({worst[0]})")
    sys.exit(1 if failures or missing else 0)


if __name__ == "__main__":
    main()
