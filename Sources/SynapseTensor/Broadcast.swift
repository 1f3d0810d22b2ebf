/// NumPy/PyTorch broadcasting rules.
package enum Broadcast {
    /// The shape two shapes broadcast to, or a precondition failure worded like PyTorch's.
    package static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for index in 0..<rank {
            let sizeA = index < rank - a.count ? 1 : a[index - (rank - a.count)]
            let sizeB = index < rank - b.count ? 1 : b[index - (rank - b.count)]
            check(sizeA == sizeB || sizeA == 1 || sizeB == 1,
                "The size of tensor a (\(sizeA)) must match the size of tensor b (\(sizeB)) at non-singleton dimension \(index)")
            result[index] = sizeA == 1 ? sizeB : sizeA
        }
        return result
    }

    /// The shape several shapes broadcast to.
    static func shape(_ shapes: [[Int]]) -> [Int] {
        shapes.dropFirst().reduce(shapes.first ?? []) { shape($0, $1) }
    }

    /// Whether `shape` can be broadcast to `target` (used by `expand` and in-place ops, whose output shape is fixed).
    static func strides(of tensor: Tensor, to target: [Int]) -> [Int] {
        strides(shape: tensor.shape, strides: tensor.strides, to: target)
    }

    /// The strides that make a view of (`shape`, `strides`) look like `target`: 0 on broadcast dimensions.
    static func strides(shape: [Int], strides: [Int], to target: [Int]) -> [Int] {
        if shape == target { return strides }
        check(shape.count <= target.count,
            "The expanded size of the tensor (\(target.count)) must be greater or equal to the number of dimensions in the tensor (\(shape.count))")
        var result = [Int](repeating: 0, count: target.count)
        let lead = target.count - shape.count
        for index in 0..<shape.count {
            let size = shape[index], targetSize = target[index + lead]
            if size == targetSize {
                result[index + lead] = strides[index]
            } else {
                check(size == 1,
                    "The size of tensor a (\(targetSize)) must match the size of tensor b (\(size)) at non-singleton dimension \(index + lead)")
            }
        }
        return result
    }
}
