extension Double: NativeGEMMScalar {
    static var microRows: Int { 6 }
    static var microColumns: Int { 4 }
    static var broadcastWidth: Int { 2 }
    static var blockDepth: Int { 256 }
    static var blockRows: Int { 96 }
    static var blockColumns: Int { 1024 }

    /// A 6 × 4 tile in twelve `SIMD2<Double>` accumulators (SSE registers): per step, two B vectors and six
    /// pre-broadcast A vectors, twelve multiplies and twelve adds.
    static func microKernel(
        depth: Int, packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>,
        result: UnsafeMutablePointer<Double>
    ) {
        typealias V = SIMD2<Double>
        var a = UnsafeRawPointer(packedA).assumingMemoryBound(to: V.self)
        var b = UnsafeRawPointer(packedB).assumingMemoryBound(to: V.self)
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        for _ in 0..<depth {
            let b0 = b[0], b1 = b[1]
            c00 += a[0] * b0; c01 += a[0] * b1
            c10 += a[1] * b0; c11 += a[1] * b1
            c20 += a[2] * b0; c21 += a[2] * b1
            c30 += a[3] * b0; c31 += a[3] * b1
            c40 += a[4] * b0; c41 += a[4] * b1
            c50 += a[5] * b0; c51 += a[5] * b1
            a += 6
            b += 2
        }
        let out = UnsafeMutableRawPointer(result).assumingMemoryBound(to: V.self)
        out[0] = c00; out[1] = c01; out[2] = c10; out[3] = c11; out[4] = c20; out[5] = c21
        out[6] = c30; out[7] = c31; out[8] = c40; out[9] = c41; out[10] = c50; out[11] = c51
    }
}
