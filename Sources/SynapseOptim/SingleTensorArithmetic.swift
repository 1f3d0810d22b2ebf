// The compound in-place ops of PyTorch's `_single_tensor_*` optimiser code, in the order ATen's CPU kernels
// evaluate them, so the new optimisers read like their PyTorch twins.

extension Tensor {
    /// `self.lerp_(end, weight)`: `self + weight·(end - self)` below a weight of 0.5, `end - (end - self)·(1 - weight)`
    /// from 0.5 on (ATen's two-sided formula). The complement is a `Double` on purpose: written inline, `1 - weight`
    /// type-checks as a float32 0-dim `Tensor` (`Tensor` is expressible by an integer literal) and rounds the weight.
    @discardableResult
    func lerpInPlace(_ end: Tensor, weight: Double) -> Tensor {
        let complement: Double = 1 - weight
        return Swift.abs(weight) < 0.5 ? add_((end - self) * weight) : copy_(end - (end - self) * complement)
    }

    /// `self.addcmul_(a, b, value=v)`: `self + v·a·b`, multiplied left to right.
    @discardableResult
    func addcmulInPlace(_ a: Tensor, _ b: Tensor, value: Double = 1) -> Tensor {
        add_(a * value * b)
    }

    /// `self.addcdiv_(a, b, value=v)`: `self + v·a / b`, left to right.
    @discardableResult
    func addcdivInPlace(_ a: Tensor, _ b: Tensor, value: Double = 1) -> Tensor {
        add_(a * value / b)
    }
}

/// A fresh `step` counter as PyTorch creates it (`torch.tensor(0.0)`: float32, PyTorch's default scalar type).
func newStepCounter() -> Tensor { Tensor.zeros([], dtype: .float32) }
