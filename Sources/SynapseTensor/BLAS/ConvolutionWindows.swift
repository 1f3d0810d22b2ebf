import CSynapseKernels

/// A convolution's window matrix (`im2col`) for one sample, described rather than stored: the packed GEMM reads it
/// straight from the image (``NativeGEMM/multiplyWindows(m:n:k:alpha:a:windows:beta:c:isa:threads:)``, an implicit
/// GEMM). Row `(channel, ky, kx)`, column `(oy, ox)` holds the image value under that kernel tap of window
/// `(oy, ox)`, or zero in the padding; `transposed` makes it the `[positions, C·kH·kW]` transpose (the weight
/// gradient's operand).
struct ConvolutionWindows: @unchecked Sendable {
    /// The C kernel's description (`synapse_windows`), pointing at the image.
    let description: synapse_windows

    /// The windows of `geometry` over one sample's contiguous `[planes, height, width]` `image`.
    init<T>(_ image: UnsafePointer<T>, height: Int, width: Int, _ geometry: WindowGeometry, transposed: Bool = false) {
        description = synapse_windows(
            image: UnsafeRawPointer(image), height: height, width: width, kernel_h: geometry.kernel.0,
            kernel_w: geometry.kernel.1, dilation_h: geometry.dilation.0, dilation_w: geometry.dilation.1,
            stride_h: geometry.stride.0, stride_w: geometry.stride.1, pad_top: geometry.padTop,
            pad_left: geometry.padLeft, out_height: geometry.outputHeight, out_width: geometry.outputWidth,
            transposed: transposed ? 1 : 0)
    }

    /// Whether ``NativeGEMM/multiplyWindowRows(m:n:k:alpha:windows:b:beta:c:isa:threads:)`` takes these windows
    /// with a `B` of `columns` columns (not transposed, a column stride of 1, padded planes that fit its scratch).
    func readsRowsInPlace(columns: Int) -> Bool {
        withUnsafePointer(to: description) { synapse_gemm_window_rows_supported($0, columns) != 0 }
    }
}
