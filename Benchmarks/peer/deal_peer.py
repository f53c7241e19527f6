"""The default scenario's whole deal model (openai-oracle-2027) as an analyst would write it in NumPy.

An independent implementation of docs/model.md, vectorised over paths: every quantity is an array of
shape [paths] or [paths, months], and the only Python loop runs over the 84 months (and, inside a
month, over the scenario's seven contracts and their tranches). It reads the scenario file with PyYAML,
so every number comes from the file; the structure (one buyer, one provider with a balance sheet,
counterparties without one, capacity and hardware contracts, options, the workout ladder, capacity
re-let after its contract and valued after the horizon) is the default scenario's, and the script
stops with a message when the file uses a mechanism it does not implement (see `unsupported`).

It uses NumPy's own generator, so it agrees with Offtake in distribution (within Monte Carlo error),
not path by path. Parameters are drawn by inversion of their distributions (PERT, uniform,
triangular, lognormal, discrete, mixture), correlated ones through a Gaussian copula on the
`correlations` pairs, exactly as docs/methods.md describes.

Usage: python deal_peer.py PATHS [--seed S] [--json OUT] [--chunk N] [--scenario FILE]
Prints the verdict metrics with their standard errors and the simulation's path-months per second.
"""
import argparse
import json
import math
import re
import sys
import time
from pathlib import Path

import numpy as np
import yaml
from scipy import special

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SCENARIO = ROOT / "Benchmarks" / "peer" / "deal.yaml"
BIG = 1 << 30  # "never" for month indices
MONTHS = 84  # the default scenario's horizon, 2026-01 … 2032-12 (checked against the file at start-up)

# ----------------------------------------------------------------------------------------------------
# Quantities and distributions as written in a scenario file (docs/scenario-format.md).
# ----------------------------------------------------------------------------------------------------

UNITS = {"GW": 1000.0, "MW": 1.0, "B": 1e9, "M": 1e6, "K": 1e3, "%": 0.01, "x": 1.0, "bp": 1e-4}
NUMBER = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?(?:e-?\d+)?)(GW|MW|bp|B|M|K|%|x)?(/yr|/mo)?(?![\w])")


def _number(match):
    value = float(match.group(1)) * UNITS.get(match.group(2) or "", 1.0)
    # Money per year on a monthly-money field is divided by 12; an annual rate (%/yr) is kept as written.
    if match.group(3) == "/yr" and match.group(2) in ("B", "M", "K", None):
        value /= 12
    return repr(value)


class Dist:
    """A distribution sampled by inversion: ppf(u) for an array of uniforms."""

    def __init__(self, ppf, cdf, lo, hi):
        self.ppf, self.cdf, self.lo, self.hi = ppf, cdf, lo, hi


def pert(min, mode, max):
    span = max - min
    a, b = 1 + 4 * (mode - min) / span, 1 + 4 * (max - mode) / span
    return Dist(lambda u: min + span * special.betaincinv(a, b, u),
                lambda x: special.betainc(a, b, np.clip((x - min) / span, 0, 1)), min, max)


def uniform(min, max):
    return Dist(lambda u: min + (max - min) * u, lambda x: np.clip((x - min) / (max - min), 0, 1), min, max)


def triangular(min, mode, max):
    c = (mode - min) / (max - min)

    def ppf(u):
        return np.where(u < c, min + np.sqrt(u * (max - min) * (mode - min)),
                        max - np.sqrt((1 - u) * (max - min) * (max - mode)))
    return Dist(ppf, None, min, max)


def lognormal(p10=None, p90=None, mu=None, sigma=None):
    if mu is None:
        z90 = special.ndtri(0.9)
        mu, sigma = (math.log(p10) + math.log(p90)) / 2, (math.log(p90) - math.log(p10)) / (2 * z90)
    return Dist(lambda u: np.exp(mu + sigma * special.ndtri(u)),
                lambda x: special.ndtr((np.log(np.maximum(x, 1e-300)) - mu) / sigma), 0.0, math.exp(mu + 40 * sigma))


def discrete(values, weights=None):
    values = np.asarray(values, float)
    w = np.ones(len(values)) if weights is None else np.asarray(weights, float)
    cum = np.cumsum(w) / w.sum()
    cum[-1] = 1.0
    # The smallest value whose cumulative weight reaches u.
    return Dist(lambda u: values[np.searchsorted(cum, u, side="left").clip(max=len(values) - 1)], None,
                values.min(), values.max())


def mixture(*components, weights=None):
    w = np.ones(len(components)) if weights is None else np.asarray(weights, float)
    w = w / w.sum()
    lo, hi = min(c.lo for c in components), max(c.hi for c in components)

    def cdf(x):
        return sum(wi * c.cdf(x) for wi, c in zip(w, components))

    def ppf(u):
        # Inversion of the mixture's cdf by bisection (continuous components).
        a, b = np.full(np.shape(u), lo, float), np.full(np.shape(u), hi, float)
        for _ in range(60):
            m = 0.5 * (a + b)
            below = cdf(m) < u
            a, b = np.where(below, m, a), np.where(below, b, m)
        return 0.5 * (a + b)
    return Dist(ppf, cdf, lo, hi)


def parse(value):
    """A field's value: a float, or a Dist for a distribution expression."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict) and len(value) == 1:  # {pert: {min: …}} mapping form
        (name, args), = value.items()
        return parse(f"{name}(" + ", ".join(f"{k}={v}" for k, v in args.items()) + ")")
    text = NUMBER.sub(_number, str(value).strip())
    names = {"pert": pert, "uniform": uniform, "triangular": triangular, "lognormal": lognormal,
             "discrete": discrete, "mixture": mixture}
    return eval(text, {"__builtins__": {}}, names)  # noqa: S307 — the scenario's own expression language


def month_index(text, start):
    y, m = (int(x) for x in str(text).split("-"))
    return (y - start[0]) * 12 + (m - start[1])


# ----------------------------------------------------------------------------------------------------
# Parameters of one chunk of paths: every uncertain field drawn once per path, by inversion.
# ----------------------------------------------------------------------------------------------------

class Parameters:
    def __init__(self, doc, n, rng):
        self.doc, self.n, self.rng = doc, n, rng
        self.copula = {}
        pairs = doc.get("correlations") or []
        names = []
        for a, b, _ in pairs:
            for x in (a, b):
                if x not in names:
                    names.append(x)
        if names:
            corr = np.eye(len(names))
            for a, b, r in pairs:
                i, j = names.index(a), names.index(b)
                corr[i, j] = corr[j, i] = float(parse(r))
            z = rng.standard_normal((n, len(names))) @ np.linalg.cholesky(corr).T
            u = special.ndtr(z)
            self.copula = {name: u[:, k] for k, name in enumerate(names)}

    def lookup(self, path):
        parts = path.split(".")
        node = self.doc
        k = 0
        while k < len(parts):
            key = parts[k]
            if isinstance(node, list):  # an entity list: the next part is its id
                node = next(e for e in node if str(e.get("id")) == key)
            else:
                node = node.get(key) if isinstance(node, dict) else None
                if node is None:
                    return None
            k += 1
        return node

    def value(self, path, default=None, node=None):
        """The field at `path` (dotted, entity ids as written) for every path: a float or an array."""
        raw = self.lookup(path) if node is None else node
        if raw is None:
            if default is None:
                raise KeyError(f"missing field {path}")
            return float(default)
        spec = parse(raw)
        if isinstance(spec, float):
            return spec
        u = self.copula.get(path)
        if u is None:
            u = self.rng.random(self.n)
        return np.asarray(spec.ppf(u), float)


def whole_months(x):
    """A month count drawn as a real number, rounded half away from zero (negative → 0)."""
    return np.floor(np.maximum(np.asarray(x, float), 0) + 0.5).astype(np.int64)


def unsupported(doc):
    """Mechanisms of the scenario format the peer does not implement, as used by this file."""
    out = []
    if (doc.get("market") or {}).get("supply"):
        out.append("market.supply: a price cleared against the industry's capacity by generation")
    for b in doc["buyers"]:
        if "established" in b:
            out.append(f"buyers.{b['id']}.established")
        funding, workout = b.get("funding") or {}, b.get("workout") or {}
        if "valuation" in funding or funding.get("backers"):
            out.append(f"buyers.{b['id']}.funding: priced rounds (valuation, backers)")
        if any("provider" in r for r in funding.get("scheduled") or []):
            out.append(f"buyers.{b['id']}.funding.scheduled: a round paid by a provider")
        if "float_share" in (funding.get("ipo") or {}):
            out.append(f"buyers.{b['id']}.funding.ipo.float_share")
        if "deferral" in workout or workout.get("cancel_undelivered"):
            out.append(f"buyers.{b['id']}.workout: deferrals and cancellations (the engine's current rules)")
    for p in doc["providers"]:
        if p.get("amortization_years") or (p.get("leases") or {}).get("rent0") or (p.get("leases") or {}).get("liability0"):
            out.append(f"providers.{p['id']}: amortisation or existing leases")
        if "leverage_covenant" in p:
            out.append(f"providers.{p['id']}.leverage_covenant")
    financial = {p["id"] for p in doc["providers"] if any(k not in ("id", "name") for k in p)}
    for c in doc["contracts"]:
        if (c.get("prepayment") or {}).get("amount") not in (None, 0, "0"):
            out.append(f"contracts.{c['id']}.prepayment (non-zero)")
        host = (c.get("hardware") or {}).get("host", c["provider"])
        if host in financial and ("termination_fee_months" in c or any("option" in t for t in c["tranches"])):
            out.append(f"contracts.{c['id']}: options or cancellations on a provider with a balance sheet")
        if c.get("kind") == "hardware" and c["provider"] in financial:
            out.append(f"contracts.{c['id']}: a chip vendor with a balance sheet")
        if any(k in c for k in ("term_months", "price_per_mw_month")) or (c.get("kind") == "hardware" and "total_value" in c):
            out.append(f"contracts.{c['id']}: price or term form")
        if "renewal" in c:
            out.append(f"contracts.{c['id']}.renewal: renewals at the end of the term")
    if len(doc["buyers"]) != 1:
        out.append("several buyers")
    return out


# ----------------------------------------------------------------------------------------------------
# The model, one chunk of paths at a time.
# ----------------------------------------------------------------------------------------------------

PENDING, FIRM, EXERCISED, LAPSED, CANCELLED = 0, 1, 2, 3, 4


def simulate(doc, n, rng):
    start = tuple(int(x) for x in str(doc["horizon"]["start"]).split("-"))
    T = month_index(doc["horizon"]["end"], start) + 1
    tgrid = np.arange(T)
    calendar_month = (start[1] - 1 + tgrid) % 12 + 1
    years = sorted({start[0] + (start[1] - 1 + t) // 12 for t in range(T)})
    ar = np.arange(n)
    P = Parameters(doc, n, rng)
    val = P.value

    def col(x):
        return np.broadcast_to(np.asarray(x, float), (n,)).copy()

    # ---- Market (docs/model.md, "Market") ----------------------------------------------------------
    reg_doc = doc["market"]["regimes"]
    names = [k for k in reg_doc if k not in ("initial", "transitions")]
    R = len(names)
    initial = reg_doc["initial"]
    init = np.array([float(parse(initial.get(r, 0))) for r in names]) if isinstance(initial, dict) else \
        np.array([1.0 if r == initial else 0.0 for r in names])
    trans = np.array([[float(parse(reg_doc["transitions"][r].get(s, 0))) for s in names] for r in names])
    cum_init = np.cumsum(init); cum_init[-1] = 1
    cum_trans = np.cumsum(trans, axis=1); cum_trans[:, -1] = 1
    drift = np.array([float(parse(reg_doc[r]["demand_drift"])) for r in names])
    vol = np.array([float(parse(reg_doc[r]["demand_vol"])) for r in names])
    premium = np.array([float(parse(reg_doc[r].get("spot_premium", 1))) for r in names])
    availability = np.array([float(parse(reg_doc[r].get("spot_availability", 1))) for r in names])
    funding_success = np.array([float(parse(reg_doc[r]["funding_success"])) for r in names])
    spread = np.stack([col(val(f"market.regimes.{r}.credit_spread", 0)) for r in names], axis=1)  # [n, R]
    price0 = col(val("market.compute_price.initial"))
    decline = col(val("market.compute_price.decline", 0))
    elasticity = float(parse(doc["market"]["compute_price"].get("demand_elasticity", 0)))

    regime = np.empty((n, T), np.int64)
    demand = np.ones((n, T))
    price = np.empty((n, T))
    r = (rng.random(n)[:, None] >= cum_init[None, :-1]).sum(axis=1)
    regime[:, 0] = r
    log_d = np.zeros(n)
    monthly_decline = np.log1p(-decline) / 12
    price[:, 0] = price0 * premium[r]
    for t in range(1, T):
        r = (rng.random(n)[:, None] >= cum_trans[r, :-1]).sum(axis=1)
        sigma = vol[r]
        log_d += (drift[r] - 0.5 * sigma * sigma) / 12 + sigma / math.sqrt(12) * rng.standard_normal(n)
        regime[:, t] = r
        demand[:, t] = np.exp(log_d)
        price[:, t] = price0 * np.exp(monthly_decline * t + elasticity * log_d) * premium[r]

    # ---- Accelerators ------------------------------------------------------------------------------
    acc = {}
    for a in doc["accelerators"]:
        base = f"accelerators.{a['id']}"
        acc[a["id"]] = dict(training="training" in a["workloads"], inference="inference" in a["workloads"],
                            efficiency=col(val(f"{base}.inference_efficiency", 1)),
                            capex=col(val(f"{base}.capex_per_mw", 0)), life=col(val(f"{base}.life_months", 72)))

    # ---- The buyer (docs/model.md, "Buyer revenue", "Buyer", "Funding that scales") -----------------
    bd = doc["buyers"][0]
    B = f"buyers.{bd['id']}"
    cash = col(val(f"{B}.cash0"))
    rev0 = col(val(f"{B}.revenue0"))
    g0 = col(val(f"{B}.growth.initial"))
    g_inf = col(val(f"{B}.growth.long_run")) if "long_run" in bd["growth"] else g0
    half_life = float(parse(bd["growth"].get("half_life_months", 24)))
    beta = float(parse(bd["growth"].get("demand_beta", 1)))
    rpm0 = col(val(f"{B}.revenue_per_mw.initial"))
    rpm_trend = col(val(f"{B}.revenue_per_mw.trend", 0))

    def growth_at(t):
        return g_inf + (g0 - g_inf) * np.exp2(-t / half_life)

    log_r = np.empty((n, T))
    log_r[:, 0] = np.log(rev0)
    for t in range(1, T):
        log_r[:, t] = log_r[:, t - 1] + np.log1p(growth_at(t - 1)) / 12 + beta * (np.log(demand[:, t]) - np.log(demand[:, t - 1]))
    potential = np.exp(log_r)
    inference_demand = potential / (rpm0[:, None] * np.exp(np.log1p(rpm_trend)[:, None] / 12 * tgrid))

    def schedule(mapping):
        """A by-date schedule (`2027` = from January, `2027-06` = from June): its value each month."""
        out = np.zeros(T)
        for key, v in sorted(((month_index(f"{k}-01" if "-" not in str(k) else k, start), v) for k, v in (mapping or {}).items())):
            out[max(0, key):] = float(parse(v))
        return out
    training_plan = schedule(bd.get("training_mw"))
    aust = bd.get("austerity") or {}
    aust_runway = float(parse(aust.get("runway_months", 0)))
    aust_cut = float(parse(aust.get("training_cut", 0)))
    opex_fixed = float(parse(bd["opex"].get("fixed", 0)))
    opex_growth = float(parse(bd["opex"].get("growth", 0)))
    opex_share = float(parse(bd["opex"].get("revenue_share", 0)))
    fd = bd.get("funding") or {}
    rounds = [(month_index(s["month"], start), col(val(f"{B}.funding.scheduled[{j}].amount", node=s["amount"])),
               float(parse(s.get("probability", 1)))) for j, s in enumerate(fd.get("scheduled") or [])]
    raise_below = float(parse(fd["raise_below_runway_months"])) if "raise_below_runway_months" in fd else None
    round_multiple = col(val(f"{B}.funding.round_revenue_multiple")) if "round_revenue_multiple" in fd else None
    round_size = col(val(f"{B}.funding.round_size")) if round_multiple is None and raise_below is not None else None
    cooldown = max(1, int(whole_months(parse(fd.get("cooldown_months", 6)))))
    growth_sensitivity = float(parse(fd.get("growth_sensitivity", 0)))
    plan_monthly = schedule(fd.get("plan")) / 12
    plan_sensitivity = float(parse(fd.get("plan_sensitivity", 0)))
    ipo = fd.get("ipo")
    if ipo:
        ipo_from, ipo_to = month_index(ipo["from"], start), month_index(ipo["to"], start)
        ipo_monthly = -math.expm1(math.log1p(-min(1.0, float(parse(ipo["probability_per_year"])))) / 12)
        ipo_size = col(val(f"{B}.funding.ipo.size"))
    spot = bd.get("spot") or {}
    spot_max = float(parse(spot.get("max_mw", 0)))
    spot_markup = col(val(f"{B}.spot.markup", 1))
    spot_min_runway = float(parse(spot.get("min_runway_months", 0)))
    wk = bd.get("workout") or {}
    min_cash = float(parse(wk.get("min_cash", 0)))
    fac = wk.get("facility")
    fac_multiple = float(parse(fac["revenue_multiple"])) if fac else 0.0
    fac_max = float(parse(fac["max"])) if fac and "max" in fac else math.inf
    fac_rate = (1 + float(parse(fac["interest_rate"]))) ** (1 / 12) - 1 if fac else 0.0
    cancel = bool(wk.get("cancel_undelivered", False))
    dfr = wk.get("deferral")
    if dfr is not None:
        d_share = float(parse(dfr.get("share", 0.5)))
        d_months = int(whole_months(parse(dfr.get("months", 6))))
        d_rate = float(parse(dfr.get("interest_rate", 0.10)))
        d_belief = float(parse(dfr.get("provider_default_belief", 0.30)))
        d_cap = float(parse(dfr.get("cap_months", 3)))
    sublet = wk.get("sublet")
    sublet_discount = float(parse(sublet.get("discount", 0.7))) if sublet is not None else None

    # ---- The provider with a balance sheet ---------------------------------------------------------
    fin = [p for p in doc["providers"] if any(k not in ("id", "name") for k in p)]
    assert len(fin) == 1, "the peer models one provider with a balance sheet"
    pd_ = fin[0]
    pid = pd_["id"]
    Pp = f"providers.{pid}"
    p_cash = col(val(f"{Pp}.cash0"))
    p_debt = col(val(f"{Pp}.debt0", 0))
    p_base = col(val(f"{Pp}.base_ebitda"))
    p_base_growth = np.log1p(col(val(f"{Pp}.base_growth", 0))) / 12
    p_rate = col(val(f"{Pp}.interest_rate"))
    wacc = col(val(f"{Pp}.wacc"))
    p_fac_capex = col(val(f"{Pp}.facility_capex_per_mw"))
    build_months = whole_months(val(f"{Pp}.build_months"))
    build_months = np.broadcast_to(build_months, (n,))
    p_opex = col(val(f"{Pp}.opex_per_mw_month", 0))
    fac_life = col(val(f"{Pp}.facility_life_months", 240))
    leases = pd_.get("leases")
    lease_share = col(val(f"{Pp}.leases.share")) if leases else col(0)
    lease_rent = float(parse(leases["rent_per_mw_month"])) if leases else 0.0
    lease_term = float(parse(leases.get("term_months", 180))) if leases else 0.0
    lease_i = (1 + float(parse(leases.get("discount_rate", 0.06)))) ** (1 / 12) - 1 if leases else 0.0
    financing = pd_.get("financing")
    eq_share = col(val(f"{Pp}.financing.equity_share")) if financing else None
    fin_min_cash = float(parse(financing.get("min_cash", 0))) if financing else 0.0
    debt_fraction = col(val(f"{Pp}.debt_fraction", 0))
    sweep = pd_.get("sweep")
    sweep_share = float(parse(sweep.get("share", 1))) if sweep else 0.0
    sweep_min = float(parse(sweep["min_cash"])) if sweep else math.inf
    oc = pd_.get("other_customers")
    if oc:
        oc_rev0 = float(parse(oc["revenue0"]))
        oc_growth = np.log1p(col(val(f"{Pp}.other_customers.growth", 0))) / 12
        oc_beta = float(parse(oc.get("demand_beta", 1)))
        oc_margin = float(parse(oc["margin"]))
        oc_capex = float(parse(oc.get("capex_share", 0)))
    rating = pd_.get("rating")
    if rating:
        r_fye = int(rating.get("fiscal_year_end", 12))
        r_threshold = float(parse(rating["threshold"]))
        r_years = int(rating.get("consecutive_years", 1))
        r_grace = month_index(rating["grace_until"], start) if "grace_until" in rating else -BIG
        r_down = float(parse(rating["downgrade_threshold"]))
        r_down_years = int(rating.get("downgrade_years", 2))
    rel = pd_.get("release") or {}
    rel_hazard = col(val(f"{Pp}.release.hazard", 0))
    rel_discount = col(val(f"{Pp}.release.discount", 1))

    # ---- Contracts (docs/model.md, "Contracts", "Hardware deals", "Options and vendor financing") ----
    C = []
    for cd in doc["contracts"]:
        K = f"contracts.{cd['id']}"
        hw = cd.get("kind") == "hardware"
        host = cd["hardware"]["host"] if hw else cd["provider"]
        c = dict(id=cd["id"], hw=hw, host_fin=(host == pid), provider_fin=(cd["provider"] == pid),
                 accel=acc[cd["accelerator"]], last=month_index(cd["end"], start))
        tr = []
        for j, t_ in enumerate(cd["tranches"]):
            opt = t_.get("option")
            tr.append(dict(start=month_index(t_["start"], start), mw=float(parse(t_["mw"])), option=None if opt is None else dict(
                lead=int(whole_months(parse(opt.get("decision_lead_months", 12)))),
                margin=float(parse(opt.get("demand_margin", 0))),
                min_runway=float(parse(opt.get("min_runway_months", 0))),
                fee=float(parse(opt.get("fee", 0))))))
        c["tr"] = tr
        c["first"] = min(x["start"] for x in tr)
        delay = whole_months(val(f"{K}.delivery_delay", 0))
        c["delay"] = np.broadcast_to(delay, (n,)).astype(np.int64)
        c["top"] = col(val(f"{K}.take_or_pay", 1))
        c["recovery"] = col(val(f"{K}.recovery_rate", 0))
        c["lag"] = np.broadcast_to(whole_months(val(f"{K}.recovery_lag_months", 0)), (n,))
        c["fee_months"] = float(parse(cd["termination_fee_months"])) if "termination_fee_months" in cd else None
        esc = float(parse(cd.get("escalator", 0)))
        c["esc"] = esc
        escalation = np.exp(np.log1p(esc) * (tgrid - c["first"]) / 12)
        if hw:
            h = cd["hardware"]
            c["price"] = float(parse(h["hosting_price_per_mw_month"])) * escalation
            c["chip_price"] = float(parse(cd["chip_price_per_mw"]))
            c["fin_months"] = int(whole_months(parse(h.get("financing_months", 0))))
            c["fin_rate"] = (1 + float(parse(h.get("financing_rate", 0)))) ** (1 / 12) - 1
            c["haircut"] = float(parse(h.get("collateral_haircut", 0.5)))
        else:
            # total_value ÷ Σ_t (1 + esc)^{(t − t0)/12} · planned MW of the firm tranches, t0 … end.
            months = np.arange(c["first"], c["last"] + 1)
            planned = sum(x["mw"] * (months >= x["start"]) for x in tr if x["option"] is None)
            weight = float(np.sum(np.exp(np.log1p(esc) * (months - c["first"]) / 12) * planned))
            c["price"] = float(parse(cd["total_value"])) / weight * escalation
        c["vendor_per_mw"] = float(parse(cd["vendor_financing"]["per_mw"])) if "vendor_financing" in cd else 0.0
        # Path state.
        c["status"] = [np.full(n, PENDING if x["option"] else FIRM, np.int8) for x in tr]
        c["delivery"] = [np.full(n, BIG, np.int64) if x["option"] else x["start"] + c["delay"] for x in tr]
        c["decision"] = [max(0, x["start"] - x["option"]["lead"]) if x["option"] else None for x in tr]
        c["plan"] = np.zeros((n, T))
        c["chip_out"] = np.zeros(n)
        c["chip_p"] = np.zeros((n, T)) if hw else None
        c["chip_i"] = np.zeros((n, T)) if hw else None
        c["def_out"] = np.zeros(n)
        c["def_p"] = np.zeros((n, T))
        c["def_i"] = np.zeros((n, T))
        c["rec"] = np.zeros((n, T))        # vendor's recoveries by month
        c["host_rec"] = np.zeros((n, T))   # host's recoveries by month (hardware)
        c["rec_after"] = np.zeros(n)
        c["rec_after_month"] = np.zeros(n, np.int64)
        c["value"] = np.zeros(n)
        c["paid"] = np.zeros(n)
        c["deferred"] = np.zeros(n)
        c["refusals"] = np.zeros(n)
        c["cancelled_mw"] = np.zeros(n)
        c["exercised_mw"] = np.zeros(n)
        c["cash_total"] = np.zeros(n)
        c["charges"] = np.zeros(n)
        c["hosting_total"] = np.zeros(n)
        c["stranded_mw"] = np.zeros(n)
        c["stranded_from"] = np.full(n, BIG, np.int64)
        c["release_month"] = np.full(n, BIG, np.int64)
        c["release_rate"] = np.full(n, np.nan)
        c["release_u"] = rng.random(n)
        if c["host_fin"]:
            c["fac_plan"] = np.zeros((n, T))
            c["chip_plan"] = np.zeros((n, T))
        C.append(c)

    def rebuild(c, rows=None):
        """Contract c's delivered plan: Σ MW of the active tranches delivered by t, 0 after its end
        (on the given rows only, when some tranches changed there)."""
        idx = slice(None) if rows is None else np.nonzero(rows)[0]
        plan = np.zeros((n if rows is None else len(idx), T))
        for x, st, dl in zip(c["tr"], c["status"], c["delivery"]):
            s, d = st[idx], dl[idx]
            active = (s == FIRM) | (s == EXERCISED)
            plan += x["mw"] * (active[:, None] & (d[:, None] <= tgrid[None, :]))
        plan[:, c["last"] + 1:] = 0
        c["plan"][idx] = plan

    for c in C:
        rebuild(c)
        if c["host_fin"]:
            # Build-out: the owned share of the facility evenly over build_months before the planned
            # delivery (months before the horizon are sunk), chips at the actual delivery if inside the term.
            for x, dl in zip(c["tr"], c["delivery"]):
                if x["option"] is not None or x["start"] > c["last"]:
                    continue
                monthly = p_fac_capex * (1 - lease_share) * x["mw"] / np.maximum(build_months, 1)
                window = (tgrid[None, :] >= x["start"] - build_months[:, None]) & (tgrid[None, :] < x["start"])
                c["fac_plan"] += np.where(build_months[:, None] > 0, monthly[:, None] * window,
                                          (p_fac_capex * (1 - lease_share) * x["mw"])[:, None] * (tgrid[None, :] == x["start"]))
                ok = dl <= c["last"]
                c["chip_plan"][ar[ok], dl[ok]] += c["accel"]["capex"][ok] * x["mw"]

    # ---- Buyer and provider state ------------------------------------------------------------------
    default_month = np.full(n, BIG, np.int64)
    next_attempt = np.zeros(n, np.int64)
    ipo_done = np.zeros(n, bool)
    drawn = np.zeros(n)
    facility_peak = np.zeros(n)
    sublet_total = np.zeros(n)
    funding_total = np.zeros(n)
    vendor_total = np.zeros(n)
    equity_total = np.zeros(n)
    stranded_total = np.zeros(n)
    ocf = np.zeros((n, T))
    revenue_real = np.zeros((n, T))

    p_state_cash = p_cash.copy()
    debt = p_debt.copy()
    leased = np.zeros((n, T))
    ebitda_hist = np.zeros((n, T))
    rent_hist = np.zeros((n, T))
    interest_hist = np.zeros((n, T))
    p_cash_min = p_cash.copy()
    receipts_total = np.zeros(n)
    recoveries_total = np.zeros(n)
    release_total = np.zeros(n)
    other_total = np.zeros(n)
    npv = np.zeros(n)
    years_above = np.zeros(n, np.int64)
    years_above_down = np.zeros(n, np.int64)
    rating_breach = np.zeros(n, bool)
    downgrade = np.zeros(n, bool)

    def runway(cash_, through):
        if through < 0:
            return np.where(cash_ > 0, np.inf, 0.0)
        burn = -ocf[:, max(0, through - 2):through + 1].mean(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            rw = np.where(burn > 0, cash_ / np.where(burn > 0, burn, 1), np.inf)
        return np.where(cash_ > 0, rw, 0.0)

    def trailing_revenue(t):
        lo = max(0, t - 11)
        return revenue_real[:, lo:t + 1].sum(axis=1) * 12 / (t + 1 - lo)

    def take_or_pay_claim(c, t, rows):
        """(capped claim, remaining take-or-pay value) after month t on the given rows."""
        last = min(c["last"], T - 1)
        if t < last:
            rem = c["top"][rows] * (c["plan"][rows, t + 1:last + 1] @ c["price"][t + 1:last + 1])
        else:
            rem = np.zeros(len(rows))
        if c["fee_months"] is None:
            return rem, rem
        plan = c["plan"][rows]
        now = plan[:, t]
        first = np.where((plan > 0).any(axis=1), plan[np.arange(len(rows)), np.argmax(plan > 0, axis=1)], 0.0)
        current = np.where(now > 0, now, first)
        return np.minimum(rem, c["fee_months"] * c["price"][t] * current), rem

    def chip_collateral(c, t, rows):
        life = c["accel"]["life"][rows]
        index = price[rows, t] / price[rows, 0]
        value = np.zeros(len(rows))
        for x, st, dl in zip(c["tr"], c["status"], c["delivery"]):
            s, d = st[rows], dl[rows]
            ok = ((s == FIRM) | (s == EXERCISED)) & (d <= t)
            age = t - np.maximum(0, d)
            value += np.where(ok, c["chip_price"] * x["mw"] * np.maximum(0, 1 - age / life), 0)
        return value * index

    def wait_for_tenant(c, after, rows):
        """Capacity back with the builder after month `after` on the given rows: the month it is re-let,
        after + K with K ≥ 1 geometric(release.hazard), by inversion of the contract's one uniform
        (never without a hazard)."""
        h = rel_hazard[rows]
        u = c["release_u"][rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            kk = np.ceil(np.log1p(-u) / np.log1p(-np.minimum(h, 1 - 1e-16)))
        months = np.where(h >= 1, after + 1, after + np.maximum(1, kk))
        return np.where(h > 0, months, BIG).astype(np.int64)

    def idle_shares(c, t):
        """Of contract c's capacity back with its builder in month t, the MW-weighted shares that still
        run and that are halls without chips. Counted: the active tranches delivered before the
        capacity came back (and inside the term). A tranche runs while its facility is younger than
        facility_life_months and, when the builder owns the chips (a capacity rental), while they are
        younger than the accelerator's life; past the chips' life the hall is left. A hardware deal's
        host has only the hall, which runs (at the hosting rate) while the facility lives."""
        total, running, halls = np.zeros(n), np.zeros(n), np.zeros(n)
        for x, st, dl in zip(c["tr"], c["status"], c["delivery"]):
            counted = ((st == FIRM) | (st == EXERCISED)) & (dl < c["stranded_from"]) & (dl <= c["last"])
            age = t - dl
            standing = counted & (age < fac_life)
            chips = np.ones(n, bool) if c["hw"] else age < c["accel"]["life"]
            total += np.where(counted, x["mw"], 0)
            running += np.where(standing & chips, x["mw"], 0)
            halls += np.where(standing & ~chips, x["mw"], 0)
        some = total > 0
        safe = np.where(some, total, 1)
        return np.where(some, running / safe, 0), np.where(some, halls / safe, 0)

    capacity_pools = len(C)
    eff = np.stack([c["accel"]["efficiency"] for c in C], axis=1)               # [n, C]
    can_train = np.array([c["accel"]["training"] for c in C])
    can_infer = np.array([c["accel"]["inference"] for c in C])
    order_training = np.argsort(eff, axis=1, kind="stable")                     # least efficient first
    order_inference = np.argsort(-eff, axis=1, kind="stable")                   # most efficient first

    for t in range(T):
        alive = default_month >= t
        P_t = price[:, t]
        reg_t = regime[:, t]
        rw_start = runway(cash, t - 1)

        # 1. Options due for a decision this month (contract and tranche order).
        for c in C:
            c["fees_now"] = np.zeros(n)
            for k, x in enumerate(c["tr"]):
                if x["option"] is None or c["decision"][k] != t:
                    continue
                o = x["option"]
                s = min(max(x["start"], t), T - 1)
                capacity = sum(cc["plan"][:, s] for cc in C)
                g_t = growth_at(t)
                forecast_rev = potential[:, t] * np.exp(np.log1p(g_t) * max(0, s - t) / 12)
                per_mw = rpm0 * np.exp(np.log1p(rpm_trend) * s / 12)
                forecast = np.where(per_mw > 0, forecast_rev / per_mw, 0) + training_plan[s]
                pending = alive & (c["status"][k] == PENDING)
                ex = pending & (forecast > capacity * (1 + o["margin"])) & (rw_start >= o["min_runway"])
                lapse = pending & ~ex
                # The host builds from the decision (none here has a balance sheet: ready at the start).
                planned = max(x["start"], t)
                c["status"][k] = np.where(ex, EXERCISED, np.where(lapse, LAPSED, c["status"][k])).astype(np.int8)
                c["delivery"][k] = np.where(ex, planned + c["delay"], c["delivery"][k])
                c["exercised_mw"] += ex * x["mw"]
                c["fees_now"] = c["fees_now"] + lapse * o["fee"]  # a lapsed option's fee, billed this month
                if ex.any():
                    rebuild(c, ex)

        # 2. Demand: training after austerity, inference from revenue potential.
        training = training_plan[t] * np.where(rw_start < aust_runway, 1 - aust_cut, 1.0)
        inference = inference_demand[:, t]

        # 3–4. Capacity under live contracts and allocation.
        mw = np.stack([c["plan"][:, t] for c in C], axis=1)                     # [n, C]
        used = np.zeros((n, capacity_pools))
        left_training = training.copy()
        for k in range(capacity_pools):
            i = order_training[:, k]
            take = np.where(can_train[i], np.minimum(left_training, np.maximum(0, mw[ar, i])), 0.0)
            used[ar, i] += take
            left_training -= take
        training_used = used.copy()
        left_inference = np.maximum(0, inference)
        for k in range(capacity_pools):
            i = order_inference[:, k]
            e = eff[ar, i]
            ok = can_infer[i] & (e > 0)
            free = np.maximum(0, mw[ar, i] - used[ar, i])
            served = np.where(ok, np.minimum(left_inference, free * e), 0.0)
            used[ar, i] += np.where(ok, served / np.where(e > 0, e, 1), 0)
            left_inference -= served
        spot_limit = np.where(rw_start > spot_min_runway, spot_max * availability[reg_t], 0.0)
        spot_inference = np.minimum(left_inference, spot_limit)
        spot_training = np.minimum(left_training, spot_limit - spot_inference)
        served_inference = np.maximum(0, inference) - left_inference + spot_inference
        spot_mw = spot_inference + spot_training

        # 5. Contract bills.
        payments = np.zeros(n)
        vendor_financing = np.zeros(n)
        cash_c, hosting_c, charge_c, new_c = [], [], [], []
        for k, c in enumerate(C):
            plan_t = c["plan"][:, t]
            new = plan_t - (np.minimum(c["plan"][:, t - 1], plan_t) if t > 0 else 0)
            new = np.where(alive, new, 0)
            if c["hw"]:
                # Chips newly delivered: due at once or in financing_months equal instalments (cut at the
                # contract's end), interest on the balance owed at the start of each month.
                rows = np.nonzero(new > 0)[0]
                if len(rows):
                    principal = new[rows] * c["chip_price"]
                    c["chip_out"][rows] += principal
                    nf = max(1, min(c["fin_months"], min(c["last"], T - 1) - t + 1))
                    kk = np.arange(nf)
                    c["chip_p"][rows, t:t + nf] += (principal / nf)[:, None]
                    c["chip_i"][rows, t:t + nf] += c["fin_rate"] * principal[:, None] * (1 - kk / nf)[None, :]
            capacity = np.where(mw[:, k] > 0, c["price"][t] * np.maximum(c["top"] * mw[:, k], used[:, k]), 0.0)
            if c["hw"]:
                cp, ci = c["chip_p"][:, t], c["chip_i"][:, t]
                c["chip_out"] = np.where(alive, np.maximum(0, c["chip_out"] - cp), c["chip_out"])
            else:
                cp = ci = 0.0
            charge = capacity + cp + ci
            repaid = np.minimum(c["def_p"][:, t], c["def_out"])
            interest = c["def_i"][:, t]
            c["def_out"] = np.where(alive, c["def_out"] - repaid, c["def_out"])
            cash_k = np.where(alive, charge + repaid + interest + c["fees_now"], 0.0)
            hosting = np.where(alive, np.minimum(capacity, np.maximum(0, cash_k)), 0.0) if c["hw"] else np.zeros(n)
            c["value"] += np.where(alive, charge + c["fees_now"], 0)
            c["charges"] += np.where(alive, charge, 0)
            c["paid"] += np.where(alive, cash_k - interest, 0)
            vendor_financing += c["vendor_per_mw"] * new
            payments += cash_k
            cash_c.append(cash_k); hosting_c.append(hosting); charge_c.append(np.where(alive, charge, 0)); new_c.append(new)
        spot_cost = spot_mw * P_t * spot_markup

        # 6. Operating cash flow.
        with np.errstate(divide="ignore", invalid="ignore"):
            revenue = np.where(inference > 0, potential[:, t] * np.minimum(1, served_inference / inference), 0.0)
        opex = opex_fixed * math.exp(math.log1p(opex_growth) * t / 12) + opex_share * revenue
        ocf_t = revenue - opex - payments - spot_cost
        ocf[:, t] = np.where(alive, ocf_t, 0)
        revenue_real[:, t] = np.where(alive, revenue, 0)
        cash_w = cash + ocf_t + vendor_financing - drawn * fac_rate

        # 7. Funding: scheduled rounds, the IPO, then the policy round on the runway left.
        funding = np.zeros(n)
        for month, amount, prob in rounds:
            if month == t:
                funding += np.where(rng.random(n) < prob, amount, 0)
        lo = max(0, t - 11)
        plan_sum = plan_monthly[lo:t + 1].sum()
        if plan_sum > 0:
            plan_factor = np.clip(1 + plan_sensitivity * (revenue_real[:, lo:t + 1].sum(axis=1) / plan_sum - 1), 0, 1)
        else:
            plan_factor = np.ones(n)
        if ipo and ipo_from <= t <= ipo_to:
            hit = alive & ~ipo_done & (rng.random(n) < ipo_monthly * plan_factor)
            funding += np.where(hit, ipo_size, 0)
            ipo_done |= hit
        if raise_below is not None:
            attempt = alive & (t >= next_attempt) & (runway(cash_w + funding, t) < raise_below)
            growth = np.zeros(n)
            if t >= 14 and growth_sensitivity != 0:
                now, before = revenue_real[:, t - 2:t + 1].sum(1), revenue_real[:, t - 14:t - 11].sum(1)
                growth = np.where(before > 0, now / np.where(before > 0, before, 1) - 1, 0)
            p = np.clip(funding_success[reg_t] * (1 + growth_sensitivity * growth) * plan_factor, 0, 1)
            hit = attempt & (rng.random(n) < p)
            size = round_multiple * trailing_revenue(t) if round_multiple is not None else round_size
            funding += np.where(hit, size, 0)
            next_attempt = np.where(attempt, t + cooldown, next_attempt)
        cash_w = cash_w + funding
        funding_total += np.where(alive, funding, 0)
        vendor_total += vendor_financing

        # 8. The workout ladder (docs/model.md, "The workout ladder").
        short = alive & (cash_w < min_cash)
        repay = alive & ~short & (drawn > 0) & (ocf_t > 0)
        repayment = np.where(repay, np.minimum(drawn, cash_w - min_cash), 0)
        drawn -= repayment
        cash_w -= repayment
        if fac:
            limit = np.minimum(fac_multiple * trailing_revenue(t), fac_max)
            draw = np.where(short, np.maximum(0, np.minimum(limit - drawn, min_cash - cash_w)), 0)
            drawn += draw
            cash_w += draw
        if cancel:
            m = short & (cash_w < min_cash)
            fees = np.zeros(n)
            for k, c in enumerate(C):
                if c["fee_months"] is None:
                    continue
                changed = np.zeros(n, bool)
                for j in reversed(range(len(c["tr"]))):
                    x = c["tr"][j]
                    st = c["status"][j]
                    hit = m & ((st == FIRM) | (st == EXERCISED)) & (c["delivery"][j] > t)
                    if not hit.any():
                        continue
                    fee = np.where(hit, c["fee_months"] * c["price"][t] * x["mw"], 0)
                    c["status"][j] = np.where(hit, CANCELLED, st).astype(np.int8)
                    c["cancelled_mw"] += hit * x["mw"]
                    cash_c[k] = cash_c[k] + fee
                    c["value"] += fee
                    c["paid"] += fee
                    fees += fee
                    changed |= hit
                if changed.any():
                    rebuild(c, changed)
            cash_w -= fees
            ocf[:, t] -= fees
        if dfr is not None:
            m = short & (cash_w < min_cash)
            need = np.where(m, min_cash - cash_w, 0)
            remaining = need.copy()
            for k, c in enumerate(C):
                payable = cash_c[k] - hosting_c[k]
                due = min(t + d_months, c["last"], T - 1)
                if due <= t:
                    continue
                room = d_cap * charge_c[k] - c["def_out"]
                amount = np.minimum(np.minimum(d_share * payable, room), remaining)
                cand = m & (remaining > 0) & (payable > 0) & (amount > 0)
                rows = np.nonzero(cand)[0]
                if len(rows) == 0:
                    continue
                growth = math.exp(math.log1p(d_rate) * (due - t) / 12)
                a = amount[rows]
                capped, rem = take_or_pay_claim(c, t, rows)
                owed = c["def_out"][rows] + c["chip_out"][rows]
                claim, rem = capped + owed, rem + owed
                relet = np.zeros(len(rows))
                if not c["hw"] and t < c["last"]:
                    s = np.arange(t + 1, c["last"] + 1)
                    dec = np.log1p(-np.minimum(0.999999, decline[rows])) / 12
                    disc = rel_discount[rows] if c["provider_fin"] else 1.0
                    relet = (c["plan"][rows][:, s] * np.exp(dec[:, None] * (s - t)[None, :])).sum(axis=1) * P_t[rows] * disc
                delta = np.exp(-np.log1p(wacc[rows]) * (due - t) / 12) if c["provider_fin"] else (1 / growth if growth > 0 else 1.0)
                rr = c["recovery"][rows]
                accept = (1 - d_belief) * (a * growth * delta + rem) + d_belief * (rr * (claim + a) + relet) > rr * claim + relet
                c["refusals"][rows[~accept]] += 1
                ok = rows[accept]
                a = a[accept]
                cash_c[k][ok] -= a
                c["deferred"][ok] += a
                c["paid"][ok] -= a
                c["def_out"][ok] += a
                c["def_p"][ok, due] += a
                c["def_i"][ok, due] += a * (growth - 1)
                remaining[ok] -= a
            deferred = need - remaining
            cash_w += deferred
            ocf[:, t] += deferred
        if sublet_discount is not None:
            m = short & (cash_w < min_cash)
            idle = np.maximum(0, mw - used).sum(axis=1)
            income = np.where(m, idle * P_t * sublet_discount, 0)
            ocf[:, t] += income
            cash_w += income
            sublet_total += income
        cash = np.where(alive, cash_w, cash)
        facility_peak = np.maximum(facility_peak, drawn)
        for k, c in enumerate(C):
            c["cash_total"] += cash_c[k]
            c["hosting_total"] += hosting_c[k]

        # Default: cash below zero after the ladder. Claims, recoveries, stranded capacity.
        new_default = alive & (cash < 0)
        rows = np.nonzero(new_default)[0]
        if len(rows):
            default_month[rows] = t
            for c in C:
                capped, rem = take_or_pay_claim(c, t, rows)
                rr = c["recovery"][rows]
                deferred = c["def_out"][rows]
                chips = c["chip_out"][rows]
                vendor = rr * (capped + deferred)
                host = np.zeros(len(rows))
                if c["hw"]:
                    secured = np.minimum(chips, chip_collateral(c, t, rows) * (1 - c["haircut"]))
                    vendor = secured + rr * (chips - secured + deferred)
                    host = rr * capped
                c["value"][rows] += rem + chips
                c["def_out"][rows] = 0
                c["chip_out"][rows] = 0
                when = t + c["lag"][rows]
                inside = when < T
                c["rec"][rows[inside], when[inside]] += vendor[inside]
                c["host_rec"][rows[inside], when[inside]] += host[inside]
                out = rows[~inside]
                c["rec_after"][out] += vendor[~inside] + host[~inside]
                c["paid"][out] += vendor[~inside] + host[~inside]
                c["rec_after_month"][out] = when[~inside]
                # Stranded: defaulting in the term's last month, the capacity comes back at the end instead.
                if t < c["last"]:
                    c["stranded_mw"][rows] = c["plan"][rows, t]
                    c["stranded_from"][rows] = t + 1
                    if c["host_fin"]:
                        c["release_month"][rows] = wait_for_tenant(c, t, rows)

        # ---- The provider's month (docs/model.md, "Providers", "The provider as rated") ------------
        receipts = np.zeros(n); recoveries = np.zeros(n); release = np.zeros(n)
        capex = np.zeros(n); online = np.zeros(n)
        for k, c in enumerate(C):
            if c["provider_fin"]:
                receipts += cash_c[k] - hosting_c[k]
                recoveries += c["rec"][:, t]
            if c["hw"] and c["host_fin"]:
                receipts += hosting_c[k]
                recoveries += c["host_rec"][:, t]
            if not c["host_fin"]:
                continue
            live = alive & (t <= c["last"])
            online += np.where(live, mw[:, k], 0)
            capex += np.where(live, c["fac_plan"][:, t] + c["chip_plan"][:, t], 0)
            leased[:, t] += np.where(live, lease_share * new_c[k], 0)
            if t == c["last"] + 1:
                # The term is over (the buyer alive, or defaulted in the last month): what was delivered
                # in its last month comes back to the builder, re-let from the next month — the end was
                # known, so there is no wait (only capacity a default strands waits for a tenant).
                rows = np.nonzero(c["stranded_from"] >= BIG)[0]
                c["stranded_mw"][rows] = c["plan"][rows, c["last"]]
                c["stranded_from"][rows] = c["last"] + 1
                c["release_month"][rows] = c["last"] + 1
            back = ~live & (c["stranded_mw"] > 0) & (t >= c["stranded_from"])
            if not back.any():
                continue
            # Back with the builder: waiting for a tenant (online, paying opex), then re-let while chips
            # and facility last — to the term's end at the rate of the month it was re-let, after it at
            # the month's rate. Empty halls are let at once at the rent a developer's lease pays: a
            # rental's hall past the chips' life, and, after the term, MW whose chips would not earn
            # more than the hall (rate − opex ≤ hall rent: switched off, not online, no opex).
            running, halls = idle_shares(c, t)
            runs = c["stranded_mw"] * running
            rate_now = (c["price"][t] if c["hw"] else P_t) * rel_discount
            if t <= c["last"]:
                off = np.zeros(n, dtype=bool)
                waiting = back & (t < c["release_month"])
                chips_on = back & ~waiting
                c["release_rate"] = np.where(chips_on & np.isnan(c["release_rate"]), rate_now, c["release_rate"])
                rate = np.nan_to_num(c["release_rate"])
            else:
                rate = rate_now
                off = back & (rate - p_opex - lease_rent <= 0)
                waiting = back & ~off & (t < c["release_month"])
                chips_on = back & ~off & ~waiting
            hall_mw = c["stranded_mw"] * halls + np.where(off, runs, 0)
            release += np.where(chips_on, runs * rate, 0) + np.where(back, hall_mw * lease_rent, 0)
            online += np.where(waiting | chips_on, runs, 0)
            stranded_total += np.where(waiting, runs, 0)
        base = p_base * np.exp(p_base_growth * t)
        opex_p = p_opex * online
        other_rev = other_ebitda = other_capex = 0.0
        if oc:
            other_rev = oc_rev0 * np.exp(oc_growth * t + oc_beta * np.log(demand[:, t]))
            other_ebitda, other_capex = oc_margin * other_rev, oc_capex * other_rev
        build_rent = liability = 0.0
        if leases:
            ages = t - tgrid[:t + 1]
            live_vintage = ages < lease_term
            vintage = leased[:, :t + 1] @ live_vintage.astype(float)
            ann = np.where(lease_term - ages - 1 > 0,
                           -np.expm1(-math.log1p(lease_i) * (lease_term - ages - 1)) / lease_i if lease_i > 1e-12 else lease_term - ages - 1, 0)
            liability = leased[:, :t + 1] @ (lease_rent * ann * live_vintage)
            build_rent = vintage * lease_rent
        build_liability = liability  # at the horizon: what the value after it owes the developers
        rent = build_rent
        ebitda = base + receipts + release - opex_p - rent + other_ebitda
        interest = debt * (np.exp(np.log1p(p_rate + spread[ar, reg_t]) / 12) - 1)
        all_capex = capex + other_capex
        p_state_cash = p_state_cash + ebitda + recoveries - all_capex - interest
        if financing:
            need_p = np.minimum(all_capex, np.maximum(0, fin_min_cash - p_state_cash))
            equity = eq_share * need_p
            draw_p = need_p - equity
        else:
            equity, draw_p = 0.0, debt_fraction * all_capex
        debt = debt + np.maximum(draw_p, 0)
        p_state_cash = p_state_cash + draw_p + equity
        equity_total += equity
        if sweep:
            over = p_state_cash > sweep_min
            pay = np.where(over, np.maximum(0, np.minimum(sweep_share * (p_state_cash - sweep_min), debt)), 0)
            debt -= pay
            p_state_cash -= pay
        ebitda_hist[:, t] = ebitda
        rent_hist[:, t] = rent
        interest_hist[:, t] = interest
        p_cash_min = np.minimum(p_cash_min, p_state_cash)
        lo = max(0, t - 11)
        ebitdar = (ebitda_hist[:, lo:t + 1].sum(1) + rent_hist[:, lo:t + 1].sum(1)) * 12 / (t + 1 - lo)
        with np.errstate(divide="ignore", invalid="ignore"):
            adjusted = np.where(ebitdar > 0, (debt + liability) / ebitdar, np.inf)
        if rating and calendar_month[t] == r_fye and t > r_grace:
            years_above = np.where(adjusted > r_threshold, years_above + 1, 0)
            years_above_down = np.where(adjusted > r_down, years_above_down + 1, 0)
            rating_breach |= years_above >= r_years
            downgrade |= years_above_down >= r_down_years
        flow = receipts + recoveries + release - capex - opex_p - build_rent
        npv += flow * np.exp(-np.log1p(wacc) * (t + 1) / 12)
        receipts_total += receipts
        recoveries_total += recoveries
        release_total += release
        other_total += other_rev

    # ---- End of the path: recoveries, NPV after the horizon, value at the horizon, metrics ---------
    for c in C:
        c["paid"] += c["rec"].sum(axis=1) + c["host_rec"].sum(axis=1)
        if c["provider_fin"] or (c["hw"] and c["host_fin"]):
            after = c["rec_after"] > 0
            npv += np.where(after, c["rec_after"] * np.exp(-np.log1p(wacc) * (c["rec_after_month"] + 1) / 12), 0)
    # The value at the horizon (docs/model.md, "After the term"): what each tranche the provider hosts
    # (delivered while its buyer was alive) earns in the months k = 1, 2, … after T − 1, discounted at the
    # WACC by (1 + wacc)^{−k/12}, less the build's lease liability at T − 1. Under a contract still serving
    # a live buyer: its price, escalated, less opex. Otherwise it is let with probability
    # q = 1 − (1 − h)^{s − (T − 1)} while stranded capacity still waits at T − 1, else 1: at the
    # rate fixed to the term's end, q × rate − opex; else, with the forecast r = R_{T−1} e^{κk} × discount,
    # the hall rent when r − opex ≤ hall rent after the term (chips off, hall let at once), otherwise
    # q × r − opex (waiting capacity pays opex). A rental's hall past the chips' life earns the hall rent
    # (let at once). The owned share counts while the facility
    # lives, the leased share while its lease runs too. Every term is a [paths, k] grid.
    last = T - 1
    lease_life = lease_term if leases else math.inf
    span = int(min(1200, math.ceil(float(np.max(fac_life)))))
    ahead = np.arange(1, span + 1)
    s_k = last + ahead
    to_pv = np.exp(-np.log1p(wacc)[:, None] * ahead / 12)
    hazard = np.clip(rel_hazard, 0, 1)[:, None]
    kappa = (np.log1p(-np.minimum(0.999999, decline)) / 12)[:, None]
    opex_k = p_opex[:, None]
    residual = np.zeros(n)
    for c in C:
        if not c["host_fin"]:
            continue
        serving = (default_month >= BIG) & (c["stranded_from"] >= BIG) & (c["last"] > last)
        under = serving[:, None] & (s_k <= c["last"])
        contract = c["price"][last] * np.exp(math.log1p(c["esc"]) * ahead / 12) - opex_k
        spot = (np.full(n, c["price"][last]) if c["hw"] else price[:, last]) * rel_discount
        forecast = spot[:, None] * np.exp(kappa * ahead)
        fixed = (~serving & ~np.isnan(c["release_rate"]))[:, None] & (s_k <= c["last"])
        fixed_rate = np.nan_to_num(c["release_rate"])[:, None]
        # Capacity a default stranded still waiting at T − 1 waits from T − 1 (memoryless); capacity
        # re-let, or serving to a scheduled end (let ahead of it), is let with certainty.
        served_until = np.full(n, last)
        relet = serving | (c["release_month"] <= last)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            waiting = np.where(hazard >= 1, 0.0, np.exp(np.maximum(0, s_k - served_until[:, None]) * np.log1p(-hazard)))
        occupied = np.where(relet[:, None], 1.0, 1 - waiting)
        chip_life = np.full(n, math.inf) if c["hw"] else c["accel"]["life"]
        for x, st, dl in zip(c["tr"], c["status"], c["delivery"]):
            ok = ((st == FIRM) | (st == EXERCISED)) & (dl <= min(c["last"], last)) & (dl <= default_month)
            age = (last - np.where(ok, dl, last))[:, None] + ahead
            share = (1 - lease_share)[:, None] * (age < fac_life[:, None]) \
                + lease_share[:, None] * (age < np.minimum(fac_life, lease_life)[:, None])
            switched_off = (s_k > c["last"])[None, :] & (forecast - opex_k <= lease_rent)
            earned = np.where(age >= chip_life[:, None], lease_rent,
                              np.where(fixed, fixed_rate * occupied - opex_k,
                                       np.where(switched_off, lease_rent, occupied * forecast - opex_k)))
            per_mw = np.where(under, contract, earned)
            residual += np.where(ok, x["mw"] * (per_mw * share * to_pv).sum(axis=1), 0)
    residual -= build_liability
    npv_residual = npv + residual * np.exp(-np.log1p(wacc) * (last + 1) / 12)

    out = {}
    buyer = bd["id"]
    # Supporting metrics (not in the verdict): means that test the books behind it with more power.
    rate = float(parse(bd.get("discount_rate", 0.10)))
    buyer_npv = ocf @ np.exp(-math.log1p(rate) * (tgrid + 1) / 12)
    terminal = col(val(f"{B}.terminal_multiple", 0)) * revenue_real[:, T - 12:].sum(axis=1) * 12 / min(12, T)
    buyer_npv += np.where(default_month >= BIG, terminal * math.exp(-math.log1p(rate) * T / 12), 0)
    out[f"buyer.{buyer}.npv"] = ("mean", buyer_npv)
    out[f"buyer.{buyer}.funding_raised"] = ("mean", funding_total)
    out[f"buyer.{buyer}.revenue_total"] = ("mean", revenue_real.sum(axis=1))
    out[f"buyer.{buyer}.vendor_financing"] = ("mean", vendor_total)
    out[f"buyer.{buyer}.workout.facility_peak"] = ("mean", facility_peak)
    out[f"buyer.{buyer}.workout.sublet_income"] = ("mean", sublet_total)
    for c in C:
        out[f"contract.{c['id']}.value"] = ("mean", c["value"])
        out[f"contract.{c['id']}.paid"] = ("mean", c["paid"])
        out[f"contract.{c['id']}.charges"] = ("mean", c["charges"])
    out[f"provider.{pid}.debt_end"] = ("mean", debt)
    out[f"provider.{pid}.equity_raised"] = ("mean", equity_total)
    out[f"provider.{pid}.residual_value"] = ("mean", residual)
    out[f"provider.{pid}.stranded_mw_months"] = ("mean", stranded_total)
    for y in years:
        end = month_index(f"{y}-12", start) + 1
        out[f"buyer.{buyer}.default_by.{y}"] = ("probability", (default_month < end).astype(float))
    for y in years[-3:]:
        a, b = month_index(f"{y}-01", start), month_index(f"{y}-12", start) + 1
        alive_through = np.minimum(default_month + 1, T) >= b
        out[f"buyer.{buyer}.cash_flow_positive_by.{y}"] = ("probability", (alive_through & (ocf[:, a:b].sum(1) > 0)).astype(float))
    out[f"buyer.{buyer}.workout.facility_drawn"] = ("probability", (facility_peak > 0).astype(float))
    out[f"buyer.{buyer}.workout.cancelled"] = ("probability", (sum(c["cancelled_mw"] for c in C) > 0).astype(float))
    out[f"buyer.{buyer}.workout.deferred"] = ("probability", (sum(c["deferred"] for c in C) > 0).astype(float))
    out[f"buyer.{buyer}.workout.sublet"] = ("probability", (sublet_total > 0).astype(float))
    out[f"buyer.{buyer}.ipo"] = ("probability", ipo_done.astype(float))
    for c in C:
        K = f"contract.{c['id']}"
        with np.errstate(divide="ignore", invalid="ignore"):
            fraction = np.where(c["value"] > 0, c["paid"] / c["value"], np.nan)
        out[f"{K}.paid_in_full"] = ("probability", np.where(c["value"] > 0, (c["paid"] >= c["value"] * (1 - 1e-9)).astype(float), np.nan))
        out[f"{K}.paid_fraction"] = ("mean", fraction)
        out[f"{K}.deferred"] = ("mean", c["deferred"])
        out[f"{K}.deferral_refused"] = ("probability", (c["refusals"] > 0).astype(float))
        if c["fee_months"] is not None:
            out[f"{K}.cancelled_mw"] = ("mean", c["cancelled_mw"])
        if any(x["option"] for x in c["tr"]):
            out[f"{K}.options_exercised_mw"] = ("mean", c["exercised_mw"])
    out[f"provider.{pid}.npv"] = ("quantile", npv)
    out[f"provider.{pid}.npv_with_residual"] = ("quantile", npv_residual)
    # The provider's funding gap (its lowest cash below zero) and its lowest interest coverage: the
    # trailing year's EBITDA ÷ its interest at each fiscal year end with a full year behind it.
    out[f"provider.{pid}.funding_gap"] = ("mean", np.maximum(0, -p_cash_min))
    fye = r_fye if rating else 12
    coverage = np.full(n, np.inf)
    for t in range(11, T):
        if calendar_month[t] != fye:
            continue
        owed = interest_hist[:, t - 11:t + 1].sum(1)
        with np.errstate(divide="ignore", invalid="ignore"):
            coverage = np.where(owed > 0, np.minimum(coverage, ebitda_hist[:, t - 11:t + 1].sum(1) / owed), coverage)
    out[f"provider.{pid}.interest_coverage_min"] = ("quantile", coverage)
    if rating:
        out[f"provider.{pid}.rating_breach"] = ("probability", rating_breach.astype(float))
        out[f"provider.{pid}.downgrade_below_ig"] = ("probability", downgrade.astype(float))
    from_buyer = sum(c["cash_total"] - c["hosting_total"] + c["rec"].sum(1) for c in C if c["provider_fin"])
    ai_revenue = receipts_total + recoveries_total + release_total + other_total
    with np.errstate(divide="ignore", invalid="ignore"):
        out[f"provider.{pid}.customer_share.{buyer}"] = ("mean", np.where(ai_revenue > 0, from_buyer / ai_revenue, np.nan))
    return out


# ----------------------------------------------------------------------------------------------------
# Statistics of the verdict metrics, with standard errors.
# ----------------------------------------------------------------------------------------------------

QUANTILES = {"npv": [("p50", 0.50), ("p5", 0.05)], "npv_with_residual": [("p50", 0.50)], "interest_coverage_min": [("p50", 0.50)]}


def summarise(values, rng, bootstrap=100):
    stats_ = {}
    for name, (kind, x) in values.items():
        x = x[~np.isnan(x)]
        n = len(x)
        if kind in ("probability", "mean"):
            m = float(x.mean()) if n else math.nan
            if kind == "probability":
                se = math.sqrt(m * (1 - m) / n) if n else math.nan
            else:
                se = float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
            stats_[f"{name}@{'probability' if kind == 'probability' else 'mean'}"] = {"value": m, "se": se, "n": n}
        else:
            stats_[f"{name}@mean"] = {"value": float(x.mean()), "se": float(x.std(ddof=1) / math.sqrt(n)), "n": n}
            for label, q in QUANTILES[name.rsplit(".", 1)[1]]:
                # Rank ⌊q(n − 1)⌋ (the order statistic Offtake's sketch reports); bootstrap s.e.
                v = float(np.quantile(x, q, method="lower"))
                boots = np.array([np.quantile(x[rng.integers(0, n, n)], q, method="lower") for _ in range(bootstrap)])
                stats_[f"{name}@{label}"] = {"value": v, "se": float(boots.std(ddof=1)), "n": n}
    return stats_


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=int)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json")
    parser.add_argument("--chunk", type=int, default=2500,
                        help="paths simulated at once: ≈ 25 KB per path; small chunks keep the [paths, months] grids in cache")
    parser.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    args = parser.parse_args()
    started = time.perf_counter()
    doc = yaml.safe_load(open(args.scenario))
    start = tuple(int(x) for x in str(doc["horizon"]["start"]).split("-"))
    if month_index(doc["horizon"]["end"], start) + 1 != MONTHS:
        sys.exit(f"deal_peer: the horizon is not {MONTHS} months")
    missing = unsupported(doc)
    if missing:
        sys.exit("deal_peer: the scenario uses mechanisms the peer does not implement: " + "; ".join(missing))
    rng = np.random.default_rng(args.seed)
    parts = []
    done = 0
    while done < args.paths:
        n = min(args.chunk, args.paths - done)
        parts.append(simulate(doc, n, rng))
        done += n
    values = {k: (parts[0][k][0], np.concatenate([p[k][1] for p in parts])) for k in parts[0]}
    seconds = time.perf_counter() - started
    summary = summarise(values, np.random.default_rng(args.seed + 1))
    result = {"paths": args.paths, "months": MONTHS, "seed": args.seed, "seconds": seconds,
              "path_months_per_second": args.paths * MONTHS / seconds, "metrics": summary}
    for key, s in summary.items():
        print(f"{key:60s} {s['value']:>16.6g} ± {s['se']:.3g}")
    print(f"numpy deal peer: {args.paths} paths × {MONTHS} months in {seconds:.2f} s "
          f"= {result['path_months_per_second'] / 1e3:.1f}k path-months/s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
