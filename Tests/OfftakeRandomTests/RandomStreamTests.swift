import Testing
import _OfftakeTestSupport
@testable import OfftakeRandom

@Suite struct RandomStreamTests {
    /// The documented layout: key = splitMix64(seed) as (low, high) words, counter =
    /// (block, purpose << 16 | substream, path low, path high); draw 2b = words 0|1, draw 2b+1 = words 2|3.
    /// Exact (integer arithmetic).
    @Test func counterLayoutMatchesDocumentation() {
        let seed: UInt64 = 0x0123_4567_89AB_CDEF
        let path: UInt64 = 0xDEAD_BEEF_0000_0042
        var stream = RandomStream(seed: seed, path: path, purpose: .market, substream: 7)
        let k = splitMix64(seed)
        let key = SIMD2<UInt32>(UInt32(truncatingIfNeeded: k), UInt32(truncatingIfNeeded: k >> 32))
        for blockIndex: UInt32 in 0..<3 {
            let b = Philox4x32.block(
                counter: SIMD4(blockIndex, (2 << 16) | 7, 0x0000_0042, 0xDEAD_BEEF), key: key)
            #expect(stream.nextUInt64() == UInt64(b.x) | UInt64(b.y) << 32)
            #expect(stream.nextUInt64() == UInt64(b.z) | UInt64(b.w) << 32)
        }
    }

    @Test func purposeRawValuesAreFrozen() {
        #expect(StreamPurpose.parameters.rawValue == 1)
        #expect(StreamPurpose.market.rawValue == 2)
        #expect(StreamPurpose.buyer.rawValue == 3)
        #expect(StreamPurpose.provider.rawValue == 4)
        #expect(StreamPurpose.contract.rawValue == 5)
        #expect(StreamPurpose.sampling.rawValue == 6)
    }

    @Test func deterministic() {
        var a = RandomStream(seed: 42, path: 7, purpose: .parameters)
        var b = RandomStream(seed: 42, path: 7, purpose: .parameters)
        for _ in 0..<1000 { #expect(a.nextUInt64() == b.nextUInt64()) }
    }

    @Test func randomAccessMatchesSequentialDraws() {
        var s = RandomStream(seed: 9, path: 123_456_789_012, purpose: .buyer, substream: 3)
        let fresh = s
        for i in 0..<1001 as Range<UInt64> {
            let u = s.nextUniform()
            #expect(fresh.uniform(at: i) == u)
        }
        // seek(to:) resumes at any index, odd or even.
        var t = fresh
        t.seek(to: 501)
        #expect(t.nextUniform() == fresh.uniform(at: 501))
        #expect(t.nextUniform() == fresh.uniform(at: 502))
    }

    /// Streams differing in any one key component share no 64-bit output over a window of 2,000
    /// draws each (a collision among ~10⁵ random 64-bit values has probability ~10⁻⁹ if independent;
    /// a shared Philox block would collide for sure).
    @Test func distinctKeysGiveDisjointStreams() {
        let variants: [RandomStream] = [
            RandomStream(seed: 1, path: 0, purpose: .parameters),
            RandomStream(seed: 2, path: 0, purpose: .parameters),
            RandomStream(seed: 1, path: 1, purpose: .parameters),
            RandomStream(seed: 0, path: 1, purpose: .parameters),   // seed + path equal to the first
            RandomStream(seed: 1, path: 1 << 32, purpose: .parameters),
            RandomStream(seed: 1, path: 0, purpose: .market),
            RandomStream(seed: 1, path: 0, purpose: .parameters, substream: 1),
            RandomStream(seed: 1, path: 0, purpose: .sampling, substream: 65535),
        ]
        var seen = Set<UInt64>()
        var total = 0
        for var s in variants {
            for _ in 0..<2000 {
                seen.insert(s.nextUInt64())
                total += 1
            }
        }
        #expect(seen.count == total)
    }

    /// Pearson correlation of paired uniforms from neighbouring streams is 0 within 4 standard
    /// errors, SE = 1/√n for independent pairs (n = 20,000 → |r| < 0.0283).
    @Test(arguments: [
        (RandomStream(seed: 5, path: 0, purpose: .market), RandomStream(seed: 5, path: 1, purpose: .market)),
        (RandomStream(seed: 5, path: 0, purpose: .market), RandomStream(seed: 6, path: 0, purpose: .market)),
        (RandomStream(seed: 5, path: 0, purpose: .market), RandomStream(seed: 5, path: 0, purpose: .buyer)),
        (RandomStream(seed: 5, path: 0, purpose: .market), RandomStream(seed: 5, path: 0, purpose: .market, substream: 1)),
    ])
    func pairedStreamsAreUncorrelated(_ pair: (RandomStream, RandomStream)) {
        var (a, b) = pair
        let n = 20_000
        var xs: [Double] = []
        var ys: [Double] = []
        for _ in 0..<n {
            xs.append(a.nextUniform())
            ys.append(b.nextUniform())
        }
        let r = pearsonCorrelation(xs, ys)
        #expect(abs(r) < 4 / Double(n).squareRoot(), "r = \(r)")
        // Lag-1 autocorrelation within a stream, same bound.
        let lag = pearsonCorrelation(Array(xs.dropLast()), Array(xs.dropFirst()))
        #expect(abs(lag) < 4 / Double(n - 1).squareRoot(), "lag-1 r = \(lag)")
    }

    /// U(0,1): mean ½ within 4 SE (SE = √(1/12/n)), variance 1/12 within 4 SE of the variance
    /// estimate (μ₄ = 1/80, so SE = √((1/80 − (1/12)²(n−3)/(n−1))/n)); all draws strictly in (0, 1).
    @Test func uniformMomentsAndRange() {
        var s = RandomStream(seed: 2024, path: 0, purpose: .sampling)
        let n = 50_000
        var xs: [Double] = []
        xs.reserveCapacity(n)
        for _ in 0..<n {
            let u = s.nextUniform()
            #expect(u > 0 && u < 1)
            xs.append(u)
        }
        let m = mean(xs)
        #expect(abs(m - 0.5) < 4 * (1.0 / 12 / Double(n)).squareRoot(), "mean \(m)")
        let v = variance(xs)
        let se = varianceStandardError(xs, fourthCentralMoment: 1.0 / 80, variance: 1.0 / 12)
        #expect(abs(v - 1.0 / 12) < 4 * se, "variance \(v)")
        // KS against U(0,1) (p > 0.001 at this fixed seed).
        let p = ksPValue(statistic: ksStatistic(sorted: xs.sorted(), cdf: { $0 }), n: n)
        #expect(p > 0.001, "KS p = \(p)")
    }

    /// The bit-to-double map: exact values at the extremes and 53-bit resolution.
    @Test func uniformConversionResolution() {
        #expect(RandomStream.uniform(fromBits: 0) == 0x1p-54)
        #expect(RandomStream.uniform(fromBits: UInt64.max) == 1 - 0x1p-53)
        #expect(RandomStream.uniform(fromBits: UInt64.max) < 1)
        // Adjacent 53-bit values map to distinct doubles at both ends and in the middle.
        #expect(RandomStream.uniform(fromBits: 1 << 11) == 3 * 0x1p-54)
        #expect(RandomStream.uniform(fromBits: 1 << 11) != RandomStream.uniform(fromBits: 0))
        #expect(RandomStream.uniform(fromBits: UInt64.max - (1 << 11)) == 1 - 2 * 0x1p-53)
        let half = UInt64(1) << 63          // k = 2⁵²: the first value of the upper half
        #expect(RandomStream.uniform(fromBits: half) == 0.5)
        #expect(RandomStream.uniform(fromBits: half - (1 << 11)) == 0.5 - 0x1p-54)
        // The low 11 bits are ignored.
        #expect(RandomStream.uniform(fromBits: 0x7FF) == RandomStream.uniform(fromBits: 0))
        // Over many draws, the low mantissa bits vary (53-bit, not 32-bit, resolution):
        // u·2⁵⁴ is an odd integer below ½ and an integer multiple of 2 above.
        var s = RandomStream(seed: 3, path: 0, purpose: .sampling)
        var sawOddLowBit = false
        for _ in 0..<100 {
            let u = s.nextUniform()
            let scaled = u < 0.5 ? u * 0x1p54 : u * 0x1p53
            #expect(scaled == scaled.rounded())
            if UInt64(scaled) & 1 == 1 && u >= 0.5 { sawOddLowBit = true }
        }
        #expect(sawOddLowBit)
    }

    @Test func standardNormalDrawsAreInversion() {
        var a = RandomStream(seed: 11, path: 4, purpose: .contract)
        var b = a
        for _ in 0..<100 {
            #expect(a.nextStandardNormal() == StandardNormal.quantile(b.nextUniform()))
        }
    }
}

/// FNV-1a 64 reference values (the published test vectors of the FNV specification).
@Suite struct StableHashTests {
    @Test func fnv1a64Vectors() {
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }
}
