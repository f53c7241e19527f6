/// Hashes that are the same in every process and on every machine (Swift's `Hasher` is seeded per
/// process), for turning names into stream indices.
public enum StableHash {
    /// FNV-1a, 64-bit, of the UTF-8 bytes of `text` (Fowler, Noll & Vo; offset basis
    /// 0xcbf29ce484222325, prime 0x100000001b3).
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
