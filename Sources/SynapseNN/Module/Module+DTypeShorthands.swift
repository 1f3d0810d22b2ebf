/// PyTorch's dtype shorthands for a whole module; each is ``Module/to(_:)`` with one dtype, converting the
/// floating-point parameters, buffers and gradients and leaving integer buffers (`num_batches_tracked`) alone.
extension Module {
    /// Converts the floating-point tensors to `.float64` (`module.double()`); returns self.
    @discardableResult
    public func double() -> Self { to(.float64) }

    /// Converts the floating-point tensors to `.float32` (`module.float()`); returns self.
    @discardableResult
    public func float() -> Self { to(.float32) }

    /// Converts the floating-point tensors to `.float16` (`module.half()`); returns self.
    @discardableResult
    public func half() -> Self { to(.float16) }

    /// Converts the floating-point tensors to `.bfloat16` (`module.bfloat16()`); returns self.
    @discardableResult
    public func bfloat16() -> Self { to(.bfloat16) }
}
