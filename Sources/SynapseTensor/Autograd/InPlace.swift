/// In-place operations under autograd.
///
/// When nothing needs recording, an in-place op runs its kernel on the tensor's memory. When it must be recorded,
/// the op is computed out of place from the tensor's old value (a recorded operation), the values are copied into
/// the tensor, and the tensor's history is rebased onto the new node. A write through a view also rebases the
/// view's base with a `CopySlices` node, as PyTorch does, so gradients flow to whatever the base came from.
extension Autograd {
    /// Stops with PyTorch's message when an in-place write would corrupt a leaf that requires grad.
    static func checkInPlace(_ tensor: Tensor) {
        guard GradMode.isEnabled else { return }
        check(!(tensor.isLeaf && tensor.requiresGradFlag),
            "a leaf Variable that requires grad is being used in an in-place operation.")
        if let base = tensor.viewBase {
            check(!(base.isLeaf && base.requiresGradFlag),
                "a view of a leaf Variable that requires grad is being used in an in-place operation.")
        }
    }

    /// Runs an in-place operation on `tensor`. `write` does it with kernels; `outOfPlace(old)` computes the same
    /// values from the old value, recorded. `savesSelf` says whether the formula keeps the old value (then it is
    /// cloned, since the original is about to change).
    static func inPlace(
        _ tensor: Tensor, others: [Tensor], savesSelf: Bool, write: () -> Void, outOfPlace: (Tensor) -> Tensor
    ) {
        checkInPlace(tensor)
        let tracked = GradMode.isEnabled
            && (tensor.requiresGrad || others.contains { $0.requiresGrad } || (tensor.viewBase?.requiresGrad ?? false))
        guard tracked else {
            write()
            return
        }
        let old = savesSelf ? tensor.clone() : alias(tensor)
        let result = outOfPlace(old)
        noGrad { CopyKernel.copy(from: result, into: tensor) }
        tensor.markModified()
        rebase(tensor, onto: result)
    }

    /// A new tensor object with `tensor`'s memory and history (so a node built on it points at the old history).
    static func alias(_ tensor: Tensor) -> Tensor {
        let alias = Tensor(sharing: tensor)
        alias.gradFn = tensor.gradFn
        alias.outputNumber = tensor.outputNumber
        alias.requiresGradFlag = tensor.requiresGradFlag
        alias.gradAccumulatorNode = tensor.gradAccumulatorNode
        alias.gradientStore = tensor.gradientStore
        return alias
    }

    /// Gives `tensor` the history of `result` (which holds its new values), and for views, its base too.
    static func rebase(_ tensor: Tensor, onto result: Tensor) {
        guard let base = tensor.viewBase, base !== tensor else {
            tensor.gradFn = result.gradFn
            tensor.outputNumber = result.outputNumber
            return
        }
        let region = ViewRegion(view: tensor, base: base)
        let baseShape = base.shape
        let baseAlias = alias(base)
        let copySlices = attach(Tensor(sharing: base), name: "CopySlices", inputs: baseAlias, result) { g, _, needs in
            let gradBase = noGrad { () -> Tensor in
                let copy = region.denseLike(g)
                region.select(in: copy).zero_()
                return copy.reshape(baseShape)
            }
            return InputGradients(gradBase, needs[1] ? region.select(in: region.denseLike(g)).contiguous() : nil)
        }
        base.gradFn = copySlices.gradFn
        base.outputNumber = 0
        let viewShape = tensor.shape, dtype = base.dtype
        let regenerated = attach(Tensor(sharing: tensor), name: "AsStridedBackward0", inputs: alias(base)) { g, _, _ in
            let gradBase = noGrad { () -> Tensor in
                let zeros = region.denseLike(Tensor.zeros(baseShape, dtype: dtype))
                region.select(in: zeros).copy_(g.reshape(viewShape))
                return zeros
            }
            return InputGradients(gradBase)
        }
        tensor.gradFn = regenerated.gradFn
        tensor.outputNumber = 0
    }
}

/// Where a view sits inside its base, so that gradients shaped like the base can be cut to the view's positions.
struct ViewRegion {
    let shape: [Int], strides: [Int], offset: Int
    let baseStrides: [Int], baseShape: [Int], baseOffset: Int

    init(view: Tensor, base: Tensor) {
        shape = view.shape
        strides = view.strides
        offset = view.storageOffset
        baseStrides = base.strides
        baseShape = base.shape
        baseOffset = base.storageOffset
    }

    /// A copy of `t` (shaped like the base) laid out with the base's strides, so view geometry applies to it.
    func denseLike(_ t: Tensor) -> Tensor {
        if baseStrides == Tensor.contiguousStrides(baseShape) && baseOffset == 0 { return t.contiguous().clone() }
        var span = 1
        for (size, stride) in zip(baseShape, baseStrides) where size > 0 { span += (size - 1) * stride }
        let storage = Storage.allocate(zeroedByteCount: (baseOffset + span) * t.dtype.itemSize)
        let laidOut = Tensor(storage: storage, shape: baseShape, strides: baseStrides, storageOffset: baseOffset, dtype: t.dtype)
        CopyKernel.copy(from: t, into: laidOut)
        return laidOut
    }

    /// The view's positions inside `dense` (which has the base's layout).
    func select(in dense: Tensor) -> Tensor {
        Tensor(storage: dense.storage, shape: shape, strides: strides,
               storageOffset: offset - baseOffset + dense.storageOffset, dtype: dense.dtype)
    }
}
