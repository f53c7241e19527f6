import OfftakeRandom

/// Turns an ``ExpressionNode`` into a ``Distribution``: checks the family, its labels, units and parameter
/// domains, collecting every problem.
struct DistributionBuilder {
    /// What the value measures (decides units of the value-scale arguments).
    let kind: QuantityKind
    var issues: [ExpressionIssue] = []

    init(kind: QuantityKind) { self.kind = kind }

    mutating func fail(_ location: SourceLocation, _ message: String, expected: String? = nil, found: String? = nil, hint: String? = nil) {
        issues.append(ExpressionIssue(location: location, message: message, expected: expected, found: found, hint: hint))
    }

    /// A number node converted to `kind`.
    mutating func value(_ node: ExpressionNode, as kind: QuantityKind, label: String?) -> Double? {
        let label = label ?? "value"
        switch node {
        case .number(let literal, let at):
            switch literal.value(as: kind) {
            case .success(let v): return v
            case .failure(let error):
                fail(at, label == "value" ? error.message : "`\(label)`: \(error.message)", expected: kind.noun, found: literal.text)
                return nil
            }
        case .list(_, _, let at):
            fail(at, "`\(label)` takes one number, not a list", expected: "a number", found: "a list")
        case .call(let name, let at, _):
            fail(at, "`\(label)` takes a number, not a distribution", expected: "a number", found: "\(name)(…)")
        }
        return nil
    }

    mutating func list(_ node: ExpressionNode, as kind: QuantityKind, label: String) -> [Double]? {
        guard case .list(let literals, let locations, _) = node else {
            fail(node.location, "`\(label)` takes a list such as [1, 2, 3]", expected: "a list", found: node.summary)
            return nil
        }
        var values: [Double] = []
        var ok = true
        for (literal, at) in zip(literals, locations) {
            switch literal.value(as: kind) {
            case .success(let v): values.append(v)
            case .failure(let error):
                fail(at, "`\(label)`: \(error.message)", expected: kind.noun, found: literal.text)
                ok = false
            }
        }
        return ok ? values : nil
    }

    /// The percentile a label such as `p10` or `p2.5` names, as a probability in (0, 1).
    static func percentile(_ label: String) -> Double? {
        guard label.count > 1, label.first == "p", let percent = Double(label.dropFirst()),
              label.dropFirst().allSatisfy({ $0.isASCIIDigit || $0 == "." }), percent > 0, percent < 100 else { return nil }
        return percent / 100
    }

    mutating func build(_ node: ExpressionNode, depth: Int) -> Distribution? {
        switch node {
        case .number:
            return value(node, as: kind, label: nil).map(Distribution.constant)
        case .list(_, _, let at):
            fail(at, "a list is not a value", expected: "a number or a distribution", found: "a list")
            return nil
        case .call(let name, let at, let arguments):
            guard let accepted = DistributionExpression.families[name] else {
                fail(at, "unknown distribution `\(name)`", expected: "one of " + DistributionExpression.families.keys.sorted().joined(separator: ", "),
                     found: name, hint: NameSuggestion.didYouMean(name, in: DistributionExpression.families.keys))
                return nil
            }
            return call(name, at: at, arguments: arguments, accepted: accepted, depth: depth)
        }
    }

    mutating func call(_ name: String, at: SourceLocation, arguments: [ExpressionArgument], accepted: [String], depth: Int) -> Distribution? {
        var labelled: [String: ExpressionArgument] = [:]
        var percentiles: [(Double, ExpressionArgument)] = []
        var positional: [ExpressionArgument] = []
        let before = issues.count
        for argument in arguments {
            guard let label = argument.label else {
                if name == "mixture" || name == "truncate" {
                    positional.append(argument)
                } else {
                    fail(argument.labelLocation, "arguments of `\(name)` are written name=value",
                         expected: accepted.map { "\($0)=" }.joined(separator: ", "), found: argument.value.summary)
                }
                continue
            }
            if accepted.contains("pNN"), let p = DistributionBuilder.percentile(label) {
                percentiles.append((p, argument))
                continue
            }
            guard accepted.contains(label) else {
                let candidates = accepted.filter { $0 != "pNN" }
                fail(argument.labelLocation, "`\(name)` has no parameter `\(label)`",
                     expected: candidates.joined(separator: ", ") + (accepted.contains("pNN") ? " or two percentiles such as p10, p90" : ""),
                     found: label, hint: NameSuggestion.didYouMean(label, in: candidates))
                continue
            }
            if labelled[label] != nil {
                fail(argument.labelLocation, "`\(label)` is given twice")
                continue
            }
            labelled[label] = argument
        }
        guard issues.count == before else { return nil }

        func require(_ labels: [String]) -> Bool {
            let missing = labels.filter { labelled[$0] == nil }
            if !missing.isEmpty {
                fail(at, "`\(name)` needs " + missing.map { "`\($0)`" }.joined(separator: " and "),
                     expected: labels.map { "\($0)=" }.joined(separator: ", "), found: arguments.isEmpty ? "no arguments" : arguments.compactMap(\.label).joined(separator: ", "))
            }
            return missing.isEmpty
        }
        func scaled(_ label: String) -> Double? { labelled[label].flatMap { value($0.value, as: kind, label: label) } }
        func shape(_ label: String, _ kind: QuantityKind = .number) -> Double? { labelled[label].flatMap { value($0.value, as: kind, label: label) } }

        let result: Distribution?
        switch name {
        case "normal", "lognormal":
            result = locationScale(name, at: at, labelled: labelled, percentiles: percentiles, arguments: arguments)
        case "uniform":
            guard require(["min", "max"]), let a = scaled("min"), let b = scaled("max") else { return nil }
            result = .uniform(min: a, max: b)
        case "triangular", "pert":
            guard require(["min", "mode", "max"]), let a = scaled("min"), let m = scaled("mode"), let b = scaled("max") else { return nil }
            result = name == "pert" ? .pert(min: a, mode: m, max: b) : .triangular(min: a, mode: m, max: b)
        case "beta":
            guard require(["alpha", "beta"]), let a = shape("alpha"), let b = shape("beta") else { return nil }
            result = .beta(alpha: a, beta: b)
        case "gamma":
            guard require(["shape", "scale"]), let k = shape("shape"), let s = scaled("scale") else { return nil }
            result = .gamma(shape: k, scale: s)
        case "student_t":
            guard require(["df"]), let df = shape("df") else { return nil }
            let loc = labelled["loc"] == nil ? 0 : scaled("loc")
            let scale = labelled["scale"] == nil ? 1 : scaled("scale")
            guard let loc, let scale else { return nil }
            result = .studentT(df: df, loc: loc, scale: scale)
        case "bernoulli":
            guard require(["p"]), let p = shape("p", .fraction) else { return nil }
            result = .bernoulli(p: p)
        case "poisson":
            guard require(["lambda"]), let l = shape("lambda") else { return nil }
            result = .poisson(lambda: l)
        case "discrete":
            guard require(["values"]), let values = labelled["values"].flatMap({ list($0.value, as: kind, label: "values") }) else { return nil }
            var weights = [Double](repeating: 1, count: values.count)
            if let w = labelled["weights"] {
                guard let given = list(w.value, as: .ratio, label: "weights") else { return nil }
                guard given.count == values.count else {
                    fail(w.value.location, "`weights` has \(given.count) entries but `values` has \(values.count)", expected: "\(values.count) weights", found: "\(given.count)")
                    return nil
                }
                weights = given
            }
            if values.isEmpty {
                fail(labelled["values"]!.value.location, "`values` is empty", expected: "at least one value", found: "[]")
                return nil
            }
            result = .discrete(values: values, weights: weights)
        case "mixture":
            guard positional.count >= 1 else {
                fail(at, "`mixture` needs its components", expected: "mixture(DIST, DIST, …, weights=[…])", found: "no components")
                return nil
            }
            let components = positional.map { build($0.value, depth: depth + 1) }
            var weights = [Double](repeating: 1, count: positional.count)
            if let w = labelled["weights"] {
                guard let given = list(w.value, as: .ratio, label: "weights") else { return nil }
                guard given.count == positional.count else {
                    fail(w.value.location, "`weights` has \(given.count) entries but the mixture has \(positional.count) components",
                         expected: "\(positional.count) weights", found: "\(given.count)")
                    return nil
                }
                weights = given
            }
            let built = components.compactMap { $0 }
            guard built.count == components.count else { return nil }
            result = .mixture(components: built, weights: weights)
        case "truncate":
            guard positional.count == 1 else {
                fail(at, "`truncate` takes one distribution", expected: "truncate(DIST, min=…, max=…)",
                     found: positional.isEmpty ? "none" : "\(positional.count) distributions")
                return nil
            }
            guard labelled["min"] != nil || labelled["max"] != nil else {
                fail(at, "`truncate` needs `min`, `max` or both", expected: "truncate(DIST, min=…, max=…)", found: "neither")
                return nil
            }
            let inner = build(positional[0].value, depth: depth + 1)
            let lower = labelled["min"] == nil ? -Double.infinity : scaled("min")
            let upper = labelled["max"] == nil ? Double.infinity : scaled("max")
            guard let inner, let lower, let upper else { return nil }
            result = .truncated(inner, min: lower, max: upper)
        default:
            return nil
        }
        guard let result else { return nil }
        for problem in result.parameterProblems() where problem.component == nil {
            let location = labelled[problem.parameter]?.value.location ?? at
            let implied = labelled[problem.parameter] == nil && !percentiles.isEmpty
            fail(location, "`\(name)`: `\(problem.parameter)` \(problem.message)",
                 hint: implied ? "`\(problem.parameter)` follows from the two percentiles: bring them closer together" : nil)
        }
        return issues.count == before ? result : nil
    }

    /// `normal` and `lognormal` in their three forms: moments, (mu, sigma), or two percentiles.
    mutating func locationScale(_ name: String, at: SourceLocation, labelled: [String: ExpressionArgument],
                                percentiles: [(Double, ExpressionArgument)], arguments: [ExpressionArgument]) -> Distribution? {
        let isLog = name == "lognormal"
        let forms = isLog ? "mean= and sd=, mu= and sigma=, or two percentiles such as p10= and p90=" : "mean= and sd=, or two percentiles such as p10= and p90="
        let usesMoments = labelled["mean"] != nil || labelled["sd"] != nil
        let usesLog = labelled["mu"] != nil || labelled["sigma"] != nil
        let formCount = [usesMoments, usesLog, !percentiles.isEmpty].filter { $0 }.count
        guard formCount == 1 else {
            fail(at, formCount == 0 ? "`\(name)` needs its parameters" : "`\(name)` mixes parameter forms",
                 expected: forms, found: arguments.compactMap(\.label).joined(separator: ", ").isEmpty ? "no arguments" : arguments.compactMap(\.label).joined(separator: ", "))
            return nil
        }
        if !percentiles.isEmpty {
            guard percentiles.count == 2 else {
                fail(at, "`\(name)` needs exactly two percentiles", expected: "e.g. p10= and p90=", found: "\(percentiles.count)")
                return nil
            }
            let sorted = percentiles.sorted { $0.0 < $1.0 }
            let (p1, a1) = sorted[0], (p2, a2) = sorted[1]
            guard p1 < p2 else {
                fail(a2.labelLocation, "the same percentile is given twice")
                return nil
            }
            guard let x1 = value(a1.value, as: kind, label: a1.label!), let x2 = value(a2.value, as: kind, label: a2.label!) else { return nil }
            guard x1 < x2 else {
                fail(a2.value.location, "`\(a2.label!)` must be greater than `\(a1.label!)`",
                     expected: "a value > \(x1)", found: "\(x2)", hint: "percentiles increase: p10 < p90")
                return nil
            }
            if isLog && x1 <= 0 {
                fail(a1.value.location, "lognormal percentiles must be > 0", expected: "a value > 0", found: "\(x1)",
                     hint: "use normal(\(a1.label!)=…, \(a2.label!)=…) for a quantity that can be negative")
                return nil
            }
            let fitted = isLog
                ? Distribution.lognormal(quantile: p1, is: x1, quantile: p2, is: x2)
                : Distribution.normal(quantile: p1, is: x1, quantile: p2, is: x2)
            guard let fitted else {
                fail(at, "no \(name) has these percentiles")
                return nil
            }
            return fitted
        }
        if usesLog {
            guard labelled["mu"] != nil, labelled["sigma"] != nil else {
                fail(at, "`lognormal` needs both `mu` and `sigma`", expected: "mu= and sigma=", found: labelled["mu"] == nil ? "sigma only" : "mu only")
                return nil
            }
            guard let mu = value(labelled["mu"]!.value, as: .number, label: "mu"),
                  let sigma = value(labelled["sigma"]!.value, as: .number, label: "sigma") else { return nil }
            return .lognormal(mu: mu, sigma: sigma)
        }
        guard let meanArg = labelled["mean"], let sdArg = labelled["sd"] else {
            fail(at, "`\(name)` needs both `mean` and `sd`", expected: "mean= and sd=", found: labelled["mean"] == nil ? "sd only" : "mean only")
            return nil
        }
        guard let mean = value(meanArg.value, as: kind, label: "mean"), let sd = value(sdArg.value, as: kind, label: "sd") else { return nil }
        if !isLog { return .normal(mean: mean, sd: sd) }
        guard mean > 0 else {
            fail(meanArg.value.location, "`lognormal`: `mean` must be > 0", expected: "a value > 0", found: "\(mean)")
            return nil
        }
        guard sd > 0 else {
            fail(sdArg.value.location, "`lognormal`: `sd` must be > 0", expected: "a value > 0", found: "\(sd)")
            return nil
        }
        return Distribution.lognormal(mean: mean, sd: sd)
    }
}

extension ExpressionNode {
    /// A short description for "found …" messages.
    var summary: String {
        switch self {
        case .number(let literal, _): return literal.text
        case .list: return "a list"
        case .call(let name, _, _): return "\(name)(…)"
        }
    }
}
