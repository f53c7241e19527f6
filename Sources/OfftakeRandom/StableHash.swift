/// Hashes that are the same in every process and on every machine (Swift's `Hasher` is seeded per
/// process), for turning names into stream indices.
public enum StableHash {
    /// FNV-1a, 64-bit, of the UTF-8 bytes of `text` (Fowler, Noll & Vo; offset basis
    /// 0xcbf29ce484222325, prime 0x100000001b3).
    public static func fnv1a64(_ text: String) -> UInt64 {
        fnv1a64(bytes: text.utf8)
    }

    /// FNV-1a, 64-bit, of a sequence of bytes (checksums of files). Every step is a bijection of the
    /// state for a given byte, so changing any one byte always changes the hash.
    public static func fnv1a64<Bytes: Sequence>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
