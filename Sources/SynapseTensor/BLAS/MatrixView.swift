/// A read-only strided matrix operand of the native GEMM kernel: element `(row, column)` lives at
/// `base[row * rowStride + column * columnStride]`. A transposed operand is the same memory with the two
/// strides swapped, so the kernel handles every transpose combination with one code path.
struct MatrixView<Element>: @unchecked Sendable {
    /// Address of element `(0, 0)`.
    let base: UnsafePointer<Element>
    /// Distance, in elements, between consecutive rows.
    let rowStride: Int
    /// Distance, in elements, between consecutive columns.
    let columnStride: Int
}

extension MatrixView {
    /// A row-major matrix with leading dimension `ld`, optionally read as its transpose.
    init(_ base: UnsafePointer<Element>, leadingDimension ld: Int, transposed: Bool) {
        self.base = base
        self.rowStride = transposed ? 1 : ld
        self.columnStride = transposed ? ld : 1
    }

    /// Element `(row, column)`.
    @inline(__always) subscript(row: Int, column: Int) -> Element {
        base[row * rowStride + column * columnStride]
    }
}

/// The mutable, row-major result operand of the native GEMM kernel (unit column stride, row stride `ld`).
struct OutputMatrix<Element>: @unchecked Sendable {
    /// Address of element `(0, 0)`.
    let base: UnsafeMutablePointer<Element>
    /// Distance, in elements, between consecutive rows.
    let ld: Int

    /// Address of element `(row, column)`.
    @inline(__always) func pointer(row: Int, column: Int) -> UnsafeMutablePointer<Element> {
        base + row * ld + column
    }
}
