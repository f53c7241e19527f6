import Foundation
import HTTPTypes
import Hummingbird

/// What the OpenAPI document says of each route that the generated layer does not check: the methods
/// of a path (any other is `405` with `Allow`), the
/// bounds of its path and query parameters (`maxLength`, `minimum`, `maximum`: `400`), and a required
/// request body (`400` when there is none). Read from the document itself, so it cannot drift from it.
struct RouteRules: Sendable {
    struct Parameter: Sendable {
        var name: String
        var inPath: Bool
        var maxLength: Int?
        var minimum: Double?
        var maximum: Double?
    }

    struct Operation: Sendable {
        var parameters: [Parameter] = []
        var bodyRequired = false
    }

    struct Route: Sendable {
        /// The path's segments: a literal, or nil for a parameter named in `names`.
        var segments: [String?]
        var names: [String?]
        /// Operations by upper-case method.
        var operations: [String: Operation]

        var allow: String { operations.keys.sorted().joined(separator: ", ") }
    }

    let routes: [Route]

    /// The rules of an OpenAPI document (as JSON objects).
    init(document: [String: Any]) {
        let components = (document["components"] as? [String: Any])?["parameters"] as? [String: Any] ?? [:]
        func parameters(_ list: Any?) -> [Parameter] {
            (list as? [[String: Any]] ?? []).compactMap { item in
                var item = item
                if let ref = item["$ref"] as? String, let name = ref.split(separator: "/").last, let found = components[String(name)] as? [String: Any] {
                    item = found
                }
                guard let name = item["name"] as? String, let place = item["in"] as? String, place == "path" || place == "query" else { return nil }
                let schema = item["schema"] as? [String: Any] ?? [:]
                return Parameter(name: name, inPath: place == "path", maxLength: schema["maxLength"] as? Int,
                                 minimum: (schema["minimum"] as? NSNumber)?.doubleValue, maximum: (schema["maximum"] as? NSNumber)?.doubleValue)
            }
        }
        var routes: [Route] = []
        for (path, value) in document["paths"] as? [String: Any] ?? [:] {
            guard let item = value as? [String: Any] else { continue }
            let shared = parameters(item["parameters"])
            var operations: [String: Operation] = [:]
            for method in ["get", "put", "post", "delete", "patch", "options", "head", "trace"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let body = operation["requestBody"] as? [String: Any]
                operations[method.uppercased()] = Operation(parameters: shared + parameters(operation["parameters"]),
                                                            bodyRequired: body?["required"] as? Bool ?? false)
            }
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
            routes.append(Route(segments: parts.map { $0.hasPrefix("{") ? nil : $0 },
                                names: parts.map { $0.hasPrefix("{") ? String($0.dropFirst().dropLast()) : nil }, operations: operations))
        }
        self.routes = routes
    }

    /// The route a raw path is, and its path parameters (percent-decoded).
    func match(_ path: String) -> (route: Route, values: [String: String])? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        for route in routes where route.segments.count == parts.count {
            var values: [String: String] = [:]
            var matches = true
            for (i, part) in parts.enumerated() {
                if let literal = route.segments[i] {
                    if literal != part { matches = false; break }
                } else if let name = route.names[i] {
                    if part.isEmpty { matches = false; break }
                    values[name] = part.removingPercentEncoding ?? part
                }
            }
            if matches { return (route, values) }
        }
        return nil
    }

    /// Every bound the request breaks (empty: none).
    static func problems(_ operation: Operation, values: [String: String], request: Request) -> [String] {
        var problems: [String] = []
        for p in operation.parameters {
            guard let value = p.inPath ? values[p.name] : request.uri.queryParameters.get(p.name) else { continue }
            // JSON Schema counts characters as Unicode code points, not as grapheme clusters.
            if let most = p.maxLength, value.unicodeScalars.count > most {
                problems.append("\(p.name) has at most \(most) characters, got \(value.unicodeScalars.count)")
            }
            if let number = Double(value) {
                if let least = p.minimum, number < least { problems.append("\(p.name) must be at least \(Int(least)), got \(value)") }
                if let most = p.maximum, number > most { problems.append("\(p.name) must be at most \(Int(most)), got \(value)") }
            }
        }
        // No body at all: neither a length, a transfer encoding nor a content type (an empty text is a body).
        if operation.bodyRequired, request.headers[.contentType] == nil,
           (request.headers[.contentLength].flatMap { Int($0) } ?? 0) == 0, request.headers[.transferEncoding] == nil {
            problems.append("this request needs a body")
        }
        return problems
    }
}

/// Applies ``RouteRules`` before the router sees the request.
struct RouteRulesMiddleware<Context: RequestContext>: RouterMiddleware {
    let rules: RouteRules

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let (route, values) = rules.match(request.uri.path) else { return try await next(request, context) }
        guard let operation = route.operations[request.method.rawValue] else {
            throw APIError(.methodNotAllowed, "method_not_allowed", "\(request.method) is not served here; allowed: \(route.allow)", headers: [.allow: route.allow])
        }
        let problems = RouteRules.problems(operation, values: values, request: request)
        guard problems.isEmpty else { throw APIError(.badRequest, "bad_request", problems.joined(separator: "; ")) }
        return try await next(request, context)
    }
}

/// The bounds a schema of the document sets on a JSON body, which the generated layer does not check:
/// `maxLength` (in Unicode code points, as JSON Schema counts characters), `maxItems`, `minimum` and
/// `maximum`, through `properties` and `items` (references resolved). Read from the document itself.
final class SchemaBounds: Sendable {
    let maxLength: Int?
    let maxItems: Int?
    let minimum: Double?
    let maximum: Double?
    let properties: [String: SchemaBounds]
    let items: SchemaBounds?

    /// The bounds of `components.schemas.<name>` in `document` (nil: no such schema).
    convenience init?(document: [String: Any], schema name: String) {
        let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
        guard let schema = schemas[name] as? [String: Any] else { return nil }
        self.init(schema, schemas: schemas, depth: 0)
    }

    init(_ schema: [String: Any], schemas: [String: Any], depth: Int) {
        var schema = schema
        if let ref = schema["$ref"] as? String, let name = ref.split(separator: "/").last, let found = schemas[String(name)] as? [String: Any] {
            schema = found
        }
        func number(_ key: String) -> Double? { (schema[key] as? NSNumber)?.doubleValue }
        maxLength = schema["maxLength"] as? Int
        maxItems = schema["maxItems"] as? Int
        (minimum, maximum) = (number("minimum"), number("maximum"))
        // Deeper than the document's own nesting would be a self-reference: stop there.
        guard depth < 8 else { (properties, items) = ([:], nil); return }
        properties = (schema["properties"] as? [String: Any] ?? [:]).compactMapValues { value in
            (value as? [String: Any]).map { SchemaBounds($0, schemas: schemas, depth: depth + 1) }
        }
        items = (schema["items"] as? [String: Any]).map { SchemaBounds($0, schemas: schemas, depth: depth + 1) }
    }

    /// Every bound `value` (a decoded JSON value) breaks, each named by its JSON path.
    func problems(_ value: Any, at path: String = "") -> [String] {
        let name = path.isEmpty ? "the body" : path
        var problems: [String] = []
        if let text = value as? String, let most = maxLength, text.unicodeScalars.count > most {
            problems.append("\(name) has at most \(most) characters, got \(text.unicodeScalars.count)")
        }
        // Only numeric fields have bounds (a JSON boolean there does not decode), so a 0 or 1 read back
        // as a boolean-like NSNumber is still checked as the number it is.
        if let number = value as? NSNumber {
            if let least = minimum, number.doubleValue < least { problems.append("\(name) must be at least \(least), got \(number)") }
            if let most = maximum, number.doubleValue > most { problems.append("\(name) must be at most \(most), got \(number)") }
        }
        if let list = value as? [Any] {
            if let most = maxItems, list.count > most { problems.append("\(name) has at most \(most) items, got \(list.count)") }
            if let items { for (i, item) in list.enumerated() { problems += items.problems(item, at: "\(path)[\(i)]") } }
        }
        if let object = value as? [String: Any] {
            for key in object.keys.sorted() {
                if let bounds = properties[key], let item = object[key] { problems += bounds.problems(item, at: path.isEmpty ? key : "\(path).\(key)") }
            }
        }
        return problems
    }
}
