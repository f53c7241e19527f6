// `offtake run --report/--csv/--lang/--format`, `offtake report` and `offtake export focus`, through the
// executable, on the small fixture scenario (the debug build is slow).

import Foundation
import Testing

@Suite("offtake report and export")
struct ReportCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/minimal.yaml").path

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("offtake-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("run writes the HTML report, the CSV files and the JSON; report re-renders the JSON in French")
    func runAndReport() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("result.json").path, html = dir.appendingPathComponent("report.html").path
        let run = runOfftakeDetailed(["run", Self.fixture, "--paths", "200", "--json", json, "--report", html, "--csv", dir.appendingPathComponent("csv").path],
                                     timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        expectNoCrash(run, "run --report")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<html lang=\"en\">"))
        #expect(page.contains("main: paid in full"))
        #expect(page.contains("<svg"))
        #expect(page.contains("Assumptions and sources"))   // the fixture comments its price: `initial: 1.2M  # per MW-month`
        for name in ["metrics.csv", "series.csv", "yearly.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("csv/\(name)").path), "\(name) missing")
        }
        let french = dir.appendingPathComponent("rapport.html").path
        let report = runOfftakeDetailed(["report", json, "--html", french, "--lang", "fr"], timeout: 120)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("main\u{00A0}: payé intégralement"))
        #expect(!report.stdout.contains("\u{1B}["))   // not a terminal: no colour
        let rapport = try String(contentsOfFile: french, encoding: .utf8)
        #expect(rapport.contains("<html lang=\"fr\">"))
        #expect(rapport.contains("Hypothèses et sources") == false)   // a file scenario: the result alone has no assumptions
        // --format json prints the document; --format csv prints metrics.csv.
        let asJSON = runOfftakeDetailed(["report", json, "--format", "json"], timeout: 120)
        #expect(asJSON.status == 0)
        #expect(try JSONSerialization.jsonObject(with: asJSON.stdoutData) is [String: Any])
        let asCSV = runOfftakeDetailed(["report", json, "--format", "csv"], timeout: 120)
        #expect(asCSV.stdout.hasPrefix("metric,kind,count,mean,"))
    }

    @Test("report: a malformed or foreign document exits 65 with a message; usage errors exit 64")
    func badInput() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.json")
        try Data("{\"schema\": \"offtake.result/1\", \"scenario\": ".utf8).write(to: broken)
        let malformed = runOfftakeDetailed(["report", broken.path, "--html", dir.appendingPathComponent("r.html").path])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.contains("not JSON"))
        expectNoCrash(malformed, "report malformed")
        let foreign = dir.appendingPathComponent("sample.json")
        try Data("{\"schema\": \"offtake.sample/1\"}".utf8).write(to: foreign)
        let other = runOfftakeDetailed(["report", foreign.path])
        #expect(other.status == 65)
        #expect(other.stderr.contains("expected \"offtake.result/1\""))
        #expect(runOfftakeDetailed(["report", dir.appendingPathComponent("missing.json").path]).status == 65)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.html").path))
        let noDirectory = runOfftakeDetailed(["report", foreign.path, "--html", "/nonexistent-dir/r.html"])
        #expect(noDirectory.status == 64)
        #expect(noDirectory.stderr.contains("does not exist"))
        #expect(runOfftakeDetailed(["report", foreign.path, "--lang", "de"]).status == 64)
        #expect(runOfftakeDetailed(["run", "--format", "xml"]).status == 64)
    }

    @Test("export focus writes FOCUS 1.2 rows for the base case and the percentile paths")
    func exportFocus() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = runOfftakeDetailed(["export", "focus", Self.fixture, "--out", dir.path, "--paths", "50", "--percentiles", "10,90", "--format", "csv"],
                                     timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("projection,path,rows,billed_cost\r\nbase,,"))
        let csv = try String(contentsOfFile: dir.appendingPathComponent("focus-cost-and-usage.csv").path, encoding: .utf8)
        #expect(csv.hasPrefix("BilledCost,BillingAccountId,"))
        #expect(csv.contains(",p10,") && csv.contains(",p90,") && csv.contains(",base,"))
        let bad = runOfftakeDetailed(["export", "focus", "--out", dir.path, "--percentiles", "5,150"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--percentiles"))
    }
}
