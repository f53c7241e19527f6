import Foundation
import OfftakeEngine

/// The JSON encoding policy of every Offtake document (`offtake.result/1` and the analyses'):
/// pretty-printed, keys sorted (identical bytes for identical results), slashes unescaped, and
/// non-finite numbers as the strings `"Infinity"`, `"-Infinity"`, `"NaN"` (an infinite leverage when
/// EBITDA is not positive; a statistic undefined on every path).
public enum ResultJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    /// A value as a JSON document under the policy.
    public static func encode<T: Encodable>(_ value: T) throws -> Data { try encoder().encode(value) }

    /// Why a result document could not be read: a message for people (what is wrong and where).
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads an `offtake.result/1` document, checking its schema first so another document (a scenario,
    /// an analysis) gets a message naming what it is, and a malformed one the JSON path of the problem.
    public static func decodeResult(_ data: Data) throws(ReadError) -> RunResult {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ReadError(message: "not JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription)")
        }
        guard let dictionary = object as? [String: Any] else { throw ReadError(message: "expected a JSON object with \"schema\": \"\(RunResult.schemaID)\"") }
        guard let schema = dictionary["schema"] as? String else {
            throw ReadError(message: "no \"schema\" key: expected an \(RunResult.schemaID) document (written by offtake run --json)")
        }
        guard schema == RunResult.schemaID else {
            throw ReadError(message: "schema is \"\(schema)\"; expected \"\(RunResult.schemaID)\" (written by offtake run --json)")
        }
        return try decode(RunResult.self, from: data)
    }

    /// The `schema` of a JSON document, nil when it is not a JSON object with one.
    public static func schema(of data: Data) -> String? {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["schema"] as? String
    }

    /// Reads an analysis document of a known schema; a decoding failure names the JSON path.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ReadError) -> T {
        do {
            return try decoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReadError(message: "\(path(context.codingPath + [key])): missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context) {
            throw ReadError(message: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw ReadError(message: "\(error)")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "document" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
}
