import Testing
@testable import OfftakeRandom

/// Known-answer vectors from Random123's `examples/kat_vectors` (D. E. Shaw Research,
/// https://github.com/DEShawResearch/random123), lines "philox4x32 7" and "philox4x32 10":
/// columns CTR (4 words), KEY (2 words), EXPECTED (4 words). Cross-checked against several
/// independent public copies of that file (Boost.Random's test_kat, Go and Rust ports).
/// Exact equality: the block function is integer arithmetic.
@Suite struct PhiloxTests {
    struct Vector: Sendable {
        let rounds: Int
        let counter: SIMD4<UInt32>
        let key: SIMD2<UInt32>
        let expected: SIMD4<UInt32>
    }

    static let vectors: [Vector] = [
        // philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8
        Vector(rounds: 10, counter: SIMD4(0, 0, 0, 0), key: SIMD2(0, 0),
               expected: SIMD4(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8)),
        // philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd
        Vector(rounds: 10, counter: SIMD4(repeating: 0xFFFF_FFFF), key: SIMD2(repeating: 0xFFFF_FFFF),
               expected: SIMD4(0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD)),
        // philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1
        Vector(rounds: 10, counter: SIMD4(0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344),
               key: SIMD2(0xA409_3822, 0x299F_31D0),
               expected: SIMD4(0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1)),
        // philox4x32 7 00000000 00000000 00000000 00000000 00000000 00000000   5f6fb709 0d893f64 4f121f81 4f730a48
        Vector(rounds: 7, counter: SIMD4(0, 0, 0, 0), key: SIMD2(0, 0),
               expected: SIMD4(0x5F6F_B709, 0x0D89_3F64, 0x4F12_1F81, 0x4F73_0A48)),
        // philox4x32 7 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   5207ddc2 45165e59 4d8ee751 8c52f662
        Vector(rounds: 7, counter: SIMD4(repeating: 0xFFFF_FFFF), key: SIMD2(repeating: 0xFFFF_FFFF),
               expected: SIMD4(0x5207_DDC2, 0x4516_5E59, 0x4D8E_E751, 0x8C52_F662)),
        // philox4x32 7 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   4dfccaba 190a87f0 c47362ba b6b5242a
        Vector(rounds: 7, counter: SIMD4(0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344),
               key: SIMD2(0xA409_3822, 0x299F_31D0),
               expected: SIMD4(0x4DFC_CABA, 0x190A_87F0, 0xC473_62BA, 0xB6B5_242A)),
    ]

    @Test(arguments: vectors.indices)
    func knownAnswer(_ index: Int) {
        let v = Self.vectors[index]
        #expect(Philox4x32.block(counter: v.counter, key: v.key, rounds: v.rounds) == v.expected)
        if v.rounds == 10 {
            #expect(Philox4x32.block(counter: v.counter, key: v.key) == v.expected)
        }
    }

    @Test func zeroRoundsIsIdentity() {
        let c = SIMD4<UInt32>(1, 2, 3, 4)
        #expect(Philox4x32.block(counter: c, key: SIMD2(5, 6), rounds: 0) == c)
    }

    /// SplitMix64 reference outputs for seed 0: the first outputs of Vigna's reference
    /// `splitmix64.c` with state 0 (0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f),
    /// i.e. splitMix64(k·0x9E3779B97F4A7C15) for k = 0, 1, 2. Exact.
    @Test func splitMix64KnownAnswers() {
        #expect(splitMix64(0) == 0xE220_A839_7B1D_CDAF)
        #expect(splitMix64(0x9E37_79B9_7F4A_7C15) == 0x6E78_9E6A_A1B9_65F4)
        #expect(splitMix64(0x9E37_79B9_7F4A_7C15 &* 2) == 0x06C4_5D18_8009_454F)
    }
}
