import Foundation
@testable import OfftakeServer
import Testing

/// The web page's words in both languages, its shells and its script, without a browser (the browser
/// check is `scripts/page-check.py`, run by `scripts/serve-check.sh` in CI).
@Suite struct WebPageTests {
    /// Keys the script asks for by name: `t('key'` and `put(…, 'key'`.
    static func scriptKeys() -> Set<String> {
        let script = WebAssets.script
        var keys: Set<String> = []
        // A whole key: it does not end with a dot (`t('kind.' + run.kind)` composes one).
        for pattern in [#"\bt\('([a-zA-Z.]*[a-zA-Z])'"#, #"put\([^,]+, '([a-zA-Z.]*[a-zA-Z])'"#, #"\['([a-zA-Z.]*[a-zA-Z])', \{"#, #"fact\('([a-zA-Z.]*[a-zA-Z])'"#] {
            let regex = try! NSRegularExpression(pattern: pattern)
            for match in regex.matches(in: script, range: NSRange(script.startIndex..., in: script)) {
                keys.insert(String(script[Range(match.range(at: 1), in: script)!]))
            }
        }
        return keys
    }

    @Test("every text has both languages, keys are unique, and every key the script or a shell uses exists")
    func textTable() throws {
        #expect(Set(WebText.entries.map(\.key)).count == WebText.entries.count)
        for entry in WebText.entries {
            #expect(!entry.en.isEmpty && !entry.fr.isEmpty, "\(entry.key)")
            // The same placeholders in both languages.
            let names = { (text: String) in Set(text.components(separatedBy: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) }) }
            #expect(names(entry.en) == names(entry.fr), "\(entry.key)")
        }
        let used = WebPageTests.scriptKeys()
        #expect(used.count > 50)
        for key in used { #expect(WebText.byKey[key] != nil, "the script uses `\(key)`, which has no text") }
        // Keys the script composes: a kind, a status, the help of a kind.
        for kind in WebPages.kinds { #expect(WebText.byKey["kind." + kind] != nil && WebText.byKey["editor.kindHelp." + kind] != nil) }
        for status in WebPages.statuses { #expect(WebText.byKey["status." + status] != nil) }
        for page in WebPages.allCases {
            let html = page.html()
            let regex = try NSRegularExpression(pattern: #"data-t(?:-[a-z-]+)?="([^"]+)""#)
            for match in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let key = String(html[Range(match.range(at: 1), in: html)!])
                #expect(WebText.byKey[key] != nil, "\(page): `\(key)`")
            }
        }
    }

    @Test("the script carries the text table as JSON, and writes no HTML")
    func scriptTable() throws {
        let script = WebAssets.script
        let start = try #require(script.range(of: "const TEXT = "))
        let line = script[start.upperBound...].prefix { $0 != "\n" }.dropLast()    // without the `;`
        let table = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [String: String]])
        #expect(table["en"]?["run.done"] == "Done." && table["fr"]?["run.done"] == "Terminée.")
        #expect(table["fr"]?.count == WebText.entries.count)
        #expect(!script.contains("innerHTML") && !script.contains("insertAdjacentHTML") && !script.contains("document.write"))
    }

    @Test("every shell has an inline icon (no /favicon.ico request), a language switch and the fields of every run kind")
    func shells() {
        for page in WebPages.allCases {
            let html = page.html()
            #expect(html.contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"data:image/svg+xml,%3Csvg"), "\(page)")
            #expect(html.contains("id=\"lang-switch\""), "\(page)")
        }
        let editor = WebPages.editor.html()
        for id in ["set", "stress", "stresses", "method", "metrics", "compare-to", "compare-set", "decisions", "objective", "objective-metric", "constraints"] {
            #expect(editor.contains("id=\"\(id)\""), "the editor has no field `\(id)`")
        }
        for kind in WebPages.kinds { #expect(editor.contains("<option value=\"\(kind)\"")) }
        let home = WebPages.home.html()
        for id in ["filter-text", "filter-kind", "filter-status"] { #expect(home.contains("id=\"\(id)\"")) }
    }
}
