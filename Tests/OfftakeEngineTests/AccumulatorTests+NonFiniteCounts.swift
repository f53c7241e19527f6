import Foundation  // JSONDecoder/JSONSerialization for the encoding checks (tests only)
import Testing
@testable import OfftakeEngine

/// The NaN/±∞ counters shared by ``ExactSum``, ``Moments`` and ``QuantileSketch``.
@Suite struct NonFiniteCountsTests {
    static func counts(_ xs: [Double]) -> NonFiniteCounts {
        var c = NonFiniteCounts()
        for x in xs { c.record(x) }
        return c
    }

    @Test func recordMergeAndIEEERules() {
        let empty = NonFiniteCounts()
        #expect(empty.isEmpty && empty.total == 0 && empty.ieeeSum == nil)
        var a = Self.counts([.nan, .infinity, .infinity])
        #expect(a.nan == 1 && a.positiveInfinity == 2 && a.negativeInfinity == 0 && a.total == 3 && !a.isEmpty)
        a.merge(Self.counts([-.infinity, -.nan]))
        #expect(a == Self.counts([-.infinity, .infinity, .nan, -.nan, .infinity]))
        #expect(a.hashValue == Self.counts([-.infinity, .infinity, .nan, -.nan, .infinity]).hashValue)

        #expect(Self.counts([.infinity]).ieeeSum == .infinity)
        #expect(Self.counts([-.infinity, -.infinity]).ieeeSum == -.infinity)
        #expect(Self.counts([.infinity, -.infinity]).ieeeSum?.isNaN == true)
        #expect(Self.counts([.nan, .infinity]).ieeeSum?.isNaN == true)

        #expect(empty.minimum(finiteMinimum: .infinity).isNaN && empty.maximum(finiteMaximum: -.infinity).isNaN)
        #expect(empty.minimum(finiteMinimum: -0.0).sign == .minus && empty.maximum(finiteMaximum: 2) == 2)
        let plus = Self.counts([.infinity, .nan])
        #expect(plus.minimum(finiteMinimum: 1) == 1 && plus.maximum(finiteMaximum: 1) == .infinity)
        #expect(plus.minimum(finiteMinimum: .infinity) == .infinity)
        let minus = Self.counts([-.infinity])
        #expect(minus.minimum(finiteMinimum: 1) == -.infinity && minus.maximum(finiteMaximum: -.infinity) == -.infinity)
    }

    @Test func accumulatorsAgreeAndEncodeTheCountsFlat() throws {
        let xs: [Double] = [1, .nan, .infinity, -2, -.infinity, .nan, 0]
        let expected = Self.counts(xs.filter { !$0.isFinite })
        var moments = Moments()
        moments.add(contentsOf: xs)
        var sketch = QuantileSketch()
        sketch.add(contentsOf: xs)
        #expect(ExactSum(xs).nonFinite == expected && moments.nonFinite == expected && sketch.nonFinite == expected)
        #expect(ExactSum(xs).nanCount == 2 && ExactSum(xs).positiveInfinityCount == 1 && sketch.nanCount == 2)

        let encodings = [
            try AccumulatorFixtures.json(ExactSum(xs)), try AccumulatorFixtures.json(moments),
            try AccumulatorFixtures.json(sketch),
        ]
        for data in encodings {
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["nanCount"] as? Int == 2)
            #expect(object["positiveInfinityCount"] as? Int == 1)
            #expect(object["negativeInfinityCount"] as? Int == 1)
        }
        let standalone = try #require(String(data: AccumulatorFixtures.json(expected), encoding: .utf8))
        #expect(standalone == #"{"nanCount":2,"negativeInfinityCount":1,"positiveInfinityCount":1}"#)
        #expect(try AccumulatorFixtures.roundTrip(expected) == expected)
    }

    @Test func negativeCountsAreRejected() {
        let exactSum = #"{"lowestLimb": 0, "limbs": [], "nanCount": 0, "positiveInfinityCount": -1, "negativeInfinityCount": 0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ExactSum.self, from: Data(exactSum.utf8)) }
        let empty = #"{"lowestLimb": 0, "limbs": [], "nanCount": 0, "positiveInfinityCount": 0, "negativeInfinityCount": 0}"#
        let moments = #"""
            {"shift": 0, "count": 0, "sum": \#(empty), "sumOfSquares": \#(empty),
             "nanCount": -1, "positiveInfinityCount": 1, "negativeInfinityCount": 0}
            """#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Moments.self, from: Data(moments.utf8)) }
        let sketch = #"""
            {"relativeAccuracy": 0.02, "maximumBucketCount": 2, "zeroCount": 0, "nanCount": 0,
             "positiveInfinityCount": 0, "negativeInfinityCount": -1,
             "positive": {"offset": 0, "counts": [], "collapsed": false},
             "negative": {"offset": 0, "counts": [], "collapsed": false}}
            """#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(QuantileSketch.self, from: Data(sketch.utf8)) }
        // The same documents with the negative count made non-negative decode.
        let fixed = { (json: String) in Data(json.replacingOccurrences(of: "-1", with: "1").utf8) }
        #expect(throws: Never.self) { try JSONDecoder().decode(ExactSum.self, from: fixed(exactSum)) }
        let momentsFixed = moments.replacingOccurrences(of: #""count": 0"#, with: #""count": 2"#)
        #expect(throws: Never.self) { try JSONDecoder().decode(Moments.self, from: fixed(momentsFixed)) }
        #expect(throws: Never.self) { try JSONDecoder().decode(QuantileSketch.self, from: fixed(sketch)) }
    }
}
