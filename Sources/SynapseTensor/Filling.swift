/// In-place writes of whole tensors.
extension Tensor {
    /// Sets every element to `value`.
    @discardableResult
    public func fill_(_ value: Double) -> Tensor {
        Autograd.inPlace(self, others: [], savesSelf: false, write: { fillWithoutGrad(value) }) { old in
            Autograd.attach(Tensor.full(old.shape, value, dtype: old.dtype), name: "FillBackward0", inputs: old) { g, _, _ in
                InputGradients(Tensor.zerosLike(g))
            }
        }
        return self
    }

    /// Sets every element to an integer `value` (exact for `.int64`).
    @discardableResult
    public func fill_(_ value: Int) -> Tensor {
        dtype.isFloatingPoint ? fill_(Double(value)) : fillWithoutGrad(integer: Int64(value))
    }

    /// Sets every element to the value of a one-element tensor.
    @discardableResult
    public func fill_(_ value: Tensor) -> Tensor {
        check(value.rank == 0,
            "fill_ only supports 0-dimension value tensor but got tensor with \(value.rank) dimensions.")
        return copy_(value)
    }

    /// Sets every element to zero.
    @discardableResult
    public func zero_() -> Tensor {
        Autograd.inPlace(self, others: [], savesSelf: false, write: { fillWithoutGrad(0) }) { old in
            Autograd.attach(Tensor.zerosLike(old), name: "ZeroBackward0", inputs: old) { g, _, _ in
                InputGradients(Tensor.zerosLike(g))
            }
        }
        return self
    }

    /// Copies `source` into this tensor, broadcasting and converting the dtype (`t.copy_(src)`).
    @discardableResult
    public func copy_(_ source: Tensor) -> Tensor {
        _ = Broadcast.strides(of: source, to: shape)
        Autograd.inPlace(self, others: [source], savesSelf: false, write: {
            CopyKernel.copy(from: source, into: self)
            markModified()
        }) { old in
            let values = noGrad { source.to(old.dtype).expand(old.shape).contiguous() }
            return Autograd.attach(values, name: "CopyBackwards", inputs: old, source) { g, _, _ in
                InputGradients(Tensor.zerosLike(g), g)
            }
        }
        return self
    }

    /// Writes `value` where `mask` is true (`mask` broadcasts to this tensor's shape).
    @discardableResult
    public func maskedFill_(_ mask: Tensor, _ value: Double) -> Tensor {
        check(mask.dtype == .bool, "masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype)")
        Autograd.inPlace(self, others: [], savesSelf: false, write: {
            CopyKernel.copy(from: Tensor.where(mask, scalarOperand(value), self), into: self)
            markModified()
        }) { old in old.maskedFill(mask, value) }
        return self
    }

    /// Writes an integer `value` where `mask` is true.
    @discardableResult
    public func maskedFill_(_ mask: Tensor, _ value: Int) -> Tensor { maskedFill_(mask, Double(value)) }

    /// Writes the value of a 0-dim tensor where `mask` is true.
    @discardableResult
    public func maskedFill_(_ mask: Tensor, _ value: Tensor) -> Tensor {
        check(value.rank == 0,
            "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with \(value.rank) dimension(s).")
        return maskedFill_(mask, value.item())
    }

    /// A copy with an integer `value` where `mask` is true.
    public func maskedFill(_ mask: Tensor, _ value: Int) -> Tensor { maskedFill(mask, Double(value)) }

    /// A copy with `value` where `mask` is true; the dtype stays this tensor's, as in PyTorch.
    public func maskedFill(_ mask: Tensor, _ value: Double) -> Tensor {
        check(mask.dtype == .bool, "masked_fill only supports boolean masks, but got mask with dtype \(mask.dtype)")
        let out = noGrad { Tensor.where(mask, Tensor.full([], value, dtype: dtype), self) }
        guard Autograd.needsGrad(self) else { return out }
        return Autograd.attach(out, name: "MaskedFillBackward0", inputs: self, saved: mask) { g, s, _ in
            InputGradients(Tensor.where(s[0], Tensor.zerosLike(g), g))
        }
    }
}
