import Foundation

/// What a person asked the server to run, in the server's own terms: made from the API's
/// `RunSubmission` at the edge (``Transport``), checked into a ``RunJob``, and stored with the run
/// (its JSON is the stored format, written and read by this type alone, so a change of the API's
/// generated types cannot break resuming or reporting on the runs already stored).
///
/// The stored format is the one the first servers wrote: `{"scenario"?, "builtin"?, "name"?,
/// "options"?: {"kind", "paths", "seed", "set", "stress", "stresses", "method", "metrics",
/// "compare_to": {"scenario"?, "builtin"?}, "compare_set", "decisions", "maximize", "minimize",
/// "constraints"}}`, every field optional; unknown keys are ignored.
struct Submission: Sendable, Hashable, Codable {
    /// A scenario: its text, or the name of a built-in scenario (neither: the built-in default; both:
    /// refused when the submission is checked).
    struct Scenario: Sendable, Hashable, Codable {
        var text: String?
        var builtin: String?

        init(text: String? = nil, builtin: String? = nil) { (self.text, self.builtin) = (text, builtin) }

        enum CodingKeys: String, CodingKey {
            case text = "scenario"
            case builtin
        }
    }

    /// What the run does.
    enum Kind: String, Sendable, Hashable, Codable, CaseIterable { case run, stress, sensitivity, compare, optimize }
    enum Method: String, Sendable, Hashable, Codable, CaseIterable { case tornado, sobol }

    /// The options of the run; each belongs to one kind (or to every kind: `kind`, `paths`, `seed`, `set`).
    struct Options: Sendable, Hashable, Codable {
        var kind: Kind?
        var paths: Int?
        /// As received (the API's integers are signed; a negative seed is refused when checked).
        var seed: Int64?
        var set: [String]?
        var stress: String?
        var stresses: [String]?
        var method: Method?
        var metrics: [String]?
        var compareTo: Scenario?
        var compareSet: [String]?
        var decisions: [String]?
        var maximize: String?
        var minimize: String?
        var constraints: [String]?

        init(kind: Kind? = nil, paths: Int? = nil, seed: Int64? = nil, set: [String]? = nil, stress: String? = nil, stresses: [String]? = nil,
             method: Method? = nil, metrics: [String]? = nil, compareTo: Scenario? = nil, compareSet: [String]? = nil,
             decisions: [String]? = nil, maximize: String? = nil, minimize: String? = nil, constraints: [String]? = nil) {
            (self.kind, self.paths, self.seed, self.set, self.stress, self.stresses, self.method) = (kind, paths, seed, set, stress, stresses, method)
            (self.metrics, self.compareTo, self.compareSet, self.decisions) = (metrics, compareTo, compareSet, decisions)
            (self.maximize, self.minimize, self.constraints) = (maximize, minimize, constraints)
        }

        enum CodingKeys: String, CodingKey {
            case kind, paths, seed, set, stress, stresses, method, metrics
            case compareTo = "compare_to"
            case compareSet = "compare_set"
            case decisions, maximize, minimize, constraints
        }
    }

    var scenario: Scenario
    var name: String?
    var options: Options

    init(scenario: Scenario = Scenario(), name: String? = nil, options: Options = Options()) {
        (self.scenario, self.name, self.options) = (scenario, name, options)
    }

    enum CodingKeys: String, CodingKey { case name, options }

    init(from decoder: any Decoder) throws {
        scenario = try Scenario(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        options = try container.decodeIfPresent(Options.self, forKey: .options) ?? Options()
    }

    func encode(to encoder: any Encoder) throws {
        try scenario.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encode(options, forKey: .options)
    }

    /// The stored form (JSON).
    func stored() throws -> Data { try JSONEncoder().encode(self) }

    /// A submission from its stored form.
    static func stored(_ data: Data) throws -> Submission { try JSONDecoder().decode(Submission.self, from: data) }
}
