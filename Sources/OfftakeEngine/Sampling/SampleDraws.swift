import Dispatch
import OfftakeRandom
import Synchronization

/// Samples of one distribution drawn on several threads (`offtake sample`), identical to one
/// sequential pass over the stream.
public enum SampleDraws {
    /// Draws `count` samples: sample i is `draw` of the stream's i-th uniform, as one sequential pass
    /// over the stream gives, on any number of threads. Each thread fills one contiguous block with
    /// its own copy of the stream moved to the block's first draw (`RandomStream.seek(to:)`). A
    /// failure is reported for the lowest failing index, the one a single thread meets first.
    public static func draws(
        count: Int, from stream: RandomStream, threads: Int,
        _ draw: @escaping @Sendable (Double) throws(NumericFailure) -> Double
    ) throws(NumericFailure) -> [Double] {
        let blocks = max(1, min(threads, count / 10_000))
        let failures = Mutex<[(index: Int, failure: NumericFailure)]>([])
        let start = stream.drawIndex
        var draws = [Double](repeating: 0, count: count)
        draws.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let lo = count * block / blocks, hi = count * (block + 1) / blocks
                var local = stream
                local.seek(to: start &+ UInt64(lo))
                for i in lo..<hi {
                    do throws(NumericFailure) {
                        output[i] = try draw(local.nextUniform())
                    } catch {
                        failures.withLock { $0.append((i, error)) }
                        return
                    }
                }
            }
        }
        if let first = failures.withLock({ $0.min { $0.index < $1.index } }) { throw first.failure }
        return draws
    }
}
