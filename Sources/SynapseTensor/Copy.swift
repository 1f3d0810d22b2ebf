#if canImport(Glibc)
import Glibc
#endif

/// Strided copy with dtype conversion: the one kernel behind `copy_`, `contiguous()`, `to(_:)` and slice assignment.
enum CopyKernel {
    /// Copies `source` (broadcast to `destination`'s shape) into `destination`, converting the element type.
    static func copy(from source: Tensor, into destination: Tensor) {
        if source.dtype == destination.dtype, source.numel < Parallel.grainSize, source.shape == destination.shape,
           source.isContiguous, destination.isContiguous {
            // One block of memory to another: no broadcast or loop to work out (this is most copies of small tensors).
            memmove(destination.baseRawPointer, source.baseRawPointer, source.numel * source.dtype.itemSize)
            return
        }
        if source.shape == destination.shape, source.isContiguous, destination.isContiguous,
           HalfConversion.convert(source.baseRawPointer, source.dtype, into: destination.baseRawPointer,
                                  destination.dtype, count: source.numel) {
            return  // float32 <-> bfloat16/float16 in bulk, vectorised
        }
        let sourceStrides = Broadcast.strides(of: source, to: destination.shape)
        let loop = StridedLoop(shape: destination.shape, destination.strides, sourceStrides)
        if convertHalfRows(loop, source: source, destination: destination) { return }
        if source.dtype == destination.dtype {
            copySameType(loop, source: source, destination: destination)
        } else {
            source.dtype.visit(SourceVisitor(loop: loop, source: source, destination: destination))
        }
    }

    /// float32 <-> bfloat16/float16 copies whose rows are contiguous on both sides (a head of an attention
    /// projection, a permutation of leading dimensions): each row through the vectorised conversion. False (nothing
    /// done) for other dtypes or layouts.
    private static func convertHalfRows(_ loop: StridedLoop, source: Tensor, destination: Tensor) -> Bool {
        let (from, to) = (source.dtype, destination.dtype)
        guard (from == .float32 && HalfConversion.isHalf(to)) || (HalfConversion.isHalf(from) && to == .float32),
              loop.rowStride(0) == 1, loop.rowStride(1) == 1 else { return false }
        let out = UnsafeMutableRawPointerBox(destination.baseRawPointer)
        let input = UnsafeMutableRawPointerBox(source.baseRawPointer)
        loop.forEachRowParallel { offsets, count in
            if from == .float32 {
                HalfConversion.narrow((input.pointer + 4 * offsets[1]).assumingMemoryBound(to: Float.self),
                                      into: out.pointer + 2 * offsets[0], to, count: count)
            } else {
                HalfConversion.widen(input.pointer + 2 * offsets[1], from,
                                     into: (out.pointer + 4 * offsets[0]).assumingMemoryBound(to: Float.self),
                                     count: count)
            }
        }
        return true
    }

    private static func copySameType(_ loop: StridedLoop, source: Tensor, destination: Tensor) {
        let itemSize = destination.dtype.itemSize
        let out = UnsafeMutableRawPointerBox(destination.baseRawPointer)
        let input = UnsafeMutableRawPointerBox(source.baseRawPointer)
        if loop.rowStride(0) == 1 && loop.rowStride(1) == 1 {
            loop.forEachRowParallel { offsets, count in
                memmove(out.pointer + offsets[0] * itemSize, input.pointer + offsets[1] * itemSize, count * itemSize)
            }
            return
        }
        switch itemSize {
        case 8: stridedMove(UInt64.self, loop, out, input)
        case 4: stridedMove(UInt32.self, loop, out, input)
        case 2: stridedMove(UInt16.self, loop, out, input)
        default: stridedMove(UInt8.self, loop, out, input)
        }
    }

    private static func stridedMove<T>(
        _: T.Type, _ loop: StridedLoop, _ out: UnsafeMutableRawPointerBox, _ input: UnsafeMutableRawPointerBox
    ) {
        let o = out.pointer.assumingMemoryBound(to: T.self), i = input.pointer.assumingMemoryBound(to: T.self)
        let so = loop.rowStride(0), si = loop.rowStride(1)
        loop.forEachRowParallel { offsets, count in
            var po = o + offsets[0], pi = i + offsets[1]
            for _ in 0..<count {
                po.pointee = pi.pointee
                po += so
                pi += si
            }
        }
    }

    private struct SourceVisitor: ElementVisitor {
        let loop: StridedLoop, source: Tensor, destination: Tensor
        func visit<S: TensorElement>(_: S.Type) {
            destination.dtype.visit(DestinationVisitor<S>(loop: loop, source: source, destination: destination))
        }
    }

    private struct DestinationVisitor<S: TensorElement>: ElementVisitor {
        let loop: StridedLoop, source: Tensor, destination: Tensor
        func visit<D: TensorElement>(_: D.Type) {
            let out = UnsafeMutableRawPointerBox(destination.baseRawPointer)
            let input = UnsafeMutableRawPointerBox(source.baseRawPointer)
            let so = loop.rowStride(0), si = loop.rowStride(1)
            loop.forEachRowParallel { offsets, count in
                var po = out.pointer.assumingMemoryBound(to: D.self) + offsets[0]
                var pi = input.pointer.assumingMemoryBound(to: S.self) + offsets[1]
                for _ in 0..<count {
                    po.pointee = convertElement(pi.pointee, to: D.self)
                    po += so
                    pi += si
                }
            }
        }
    }
}

/// A raw pointer that may cross into the worker threads of a parallel loop. The kernels guarantee that threads
/// write disjoint elements.
struct UnsafeMutableRawPointerBox: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
}

/// A typed pointer that may cross into the worker threads of a parallel loop.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
