"""Cross-check of Offtake against the NumPy peer: monthly means of the market series.

Usage: python compare.py OFFTAKE_RESULT.json PEER.json
For every month and series (market.price, market.demand) it compares Offtake's mean with the peer's
and fails (exit 1) when they differ by more than 4 combined standard errors. The offtake.result/1
document gives series means without their standard errors; both programs simulate the same model
with the same number of paths, so the peer's standard error stands in for Offtake's and the combined
error is √2 × the peer's. With 168 comparisons at 4 standard errors a correct engine fails about 1 % of
the time by chance (168 × 6.3·10⁻⁵).
"""
import json
import math
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    offtake = json.load(open(sys.argv[1]))
    peer = json.load(open(sys.argv[2]))
    if offtake["paths"] != peer["paths"]:
        sys.exit(f"different path counts: offtake {offtake['paths']}, peer {peer['paths']}")
    worst = (0.0, None)
    failures = 0
    for name, stats in peer["series"].items():
        ours = offtake["series"][name]["mean"]
        if len(ours) != len(stats["mean"]):
            sys.exit(f"{name}: {len(ours)} months in offtake, {len(stats['mean'])} in the peer")
        for t, (a, b, se) in enumerate(zip(ours, stats["mean"], stats["stderr"])):
            combined = math.sqrt(2) * se
            z = abs(a - b) / combined if combined > 0 else (0.0 if a == b else math.inf)
            if z > worst[0]:
                worst = (z, f"{name}[{offtake['series'][name]['months'][t]}]: offtake {a:.6g}, peer {b:.6g}")
            if z > 4:
                failures += 1
                print(f"DISAGREE {name} month {t}: offtake {a:.6g}, peer {b:.6g}, {z:.1f} combined s.e.")
    print(f"{'agree' if failures == 0 else 'DISAGREE'}: {sum(len(s['mean']) for s in peer['series'].values())} monthly means, "
          f"largest difference {worst[0]:.2f} combined s.e. ({worst[1]})")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
