"""The default scenario's market block (openai-oracle-2027) as an analyst would write it in NumPy.

Vectorised over paths: one array per quantity, one loop over months. It is an independent
implementation of docs/model.md, "Market": a three-regime Markov chain (initial draw, monthly
transitions), a log demand index with regime drift and volatility, and the compute price
P_t = P_0 (1 - decline)^(t/12) D_t^elasticity premium_(r_t), with P_0 and decline drawn once per path
from their PERT distributions and the bust credit spread from its uniform. It uses NumPy's own
generator, so it agrees with Offtake statistically (within Monte Carlo error), not path by path.

Usage: python market_peer.py PATHS [--seed S] [--json OUT]
Prints path-months per second of the simulation (after NumPy is loaded) and writes the monthly
mean and standard error of the price and demand index.
"""
import argparse
import json
import time

import numpy as np

MONTHS = 84  # 2026-01 … 2032-12
REGIMES = ["boom", "steady", "bust"]
INITIAL = np.array([0.40, 0.60, 0.00])  # boom 40 %, steady 60 %
TRANSITIONS = np.array([
    [0.970, 0.025, 0.005],  # from boom
    [0.020, 0.965, 0.015],  # from steady
    [0.000, 0.050, 0.950],  # from bust
])
DRIFT = np.array([0.15, 0.02, -0.30])
VOL = np.array([0.25, 0.20, 0.35])
PREMIUM = np.array([1.21, 1.0, 0.72])
PRICE0 = (869e3, 1.2e6, 1.456e6)      # pert(min, mode, max), $ per MW-month
DECLINE = (0.09, 0.20, 0.36)          # pert(min, mode, max), per year
ELASTICITY = 0.5


def pert(rng, lo, mode, hi, n):
    """PERT(min, mode, max) = min + (max − min)·Beta(1 + 4(mode − min)/(max − min), 1 + 4(max − mode)/(max − min))."""
    span = hi - lo
    return lo + span * rng.beta(1 + 4 * (mode - lo) / span, 1 + 4 * (hi - mode) / span, n)


def simulate(paths, seed):
    rng = np.random.default_rng(seed)
    price0 = pert(rng, *PRICE0, paths)
    decline = pert(rng, *DECLINE, paths)
    cum_initial = np.cumsum(INITIAL)
    cum_transitions = np.cumsum(TRANSITIONS, axis=1)
    regime = np.searchsorted(cum_initial, rng.random(paths), side="right").clip(max=2)
    log_d = np.zeros(paths)
    monthly_decline = np.log1p(-decline) / 12
    price = np.empty((MONTHS, paths))
    demand = np.empty((MONTHS, paths))
    price[0] = price0 * PREMIUM[regime]
    demand[0] = 1.0
    for t in range(1, MONTHS):
        u = rng.random(paths)
        regime = (u[:, None] >= cum_transitions[regime, :2]).sum(axis=1)
        sigma = VOL[regime]
        log_d += (DRIFT[regime] - 0.5 * sigma * sigma) / 12 + sigma / np.sqrt(12) * rng.standard_normal(paths)
        demand[t] = np.exp(log_d)
        price[t] = price0 * np.exp(monthly_decline * t + ELASTICITY * log_d) * PREMIUM[regime]
    return price, demand


def summary(x):
    n = x.shape[1]
    return {"mean": x.mean(axis=1).tolist(), "stderr": (x.std(axis=1, ddof=1) / np.sqrt(n)).tolist()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=int)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json")
    args = parser.parse_args()
    chunk = 200_000  # bounded memory: two 84 × chunk arrays
    started = time.perf_counter()
    done = 0
    # Exact pooling of chunk means/variances (Chan et al.) keeps memory flat at any path count.
    stats = {}
    while done < args.paths:
        n = min(chunk, args.paths - done)
        price, demand = simulate(n, args.seed + done)
        for name, x in (("market.price", price), ("market.demand", demand)):
            m, v = x.mean(axis=1), x.var(axis=1, ddof=0) * n
            if name not in stats:
                stats[name] = [n, m, v]
            else:
                n0, m0, v0 = stats[name]
                delta = m - m0
                total = n0 + n
                stats[name] = [total, m0 + delta * n / total, v0 + v + delta * delta * n0 * n / total]
        done += n
    seconds = time.perf_counter() - started
    result = {
        "paths": args.paths, "months": MONTHS, "seconds": seconds,
        "path_months_per_second": args.paths * MONTHS / seconds,
        "series": {name: {"mean": s[1].tolist(), "stderr": (np.sqrt(s[2] / (s[0] - 1)) / np.sqrt(s[0])).tolist()}
                   for name, s in stats.items()},
    }
    print(f"numpy market peer: {args.paths} paths × {MONTHS} months in {seconds:.2f} s "
          f"= {result['path_months_per_second'] / 1e6:.2f}M path-months/s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()
