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
            if let most = p.maxLength, value.count > most {
                problems.append("\(p.name) has at most \(most) characters, got \(value.count)")
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
