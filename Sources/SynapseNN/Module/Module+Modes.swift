/// Whole-tree operations: applying a function, training mode, gradients, conversion, counting.
extension Module {
    /// Calls `function` on every child's subtree, then on this module (post-order, as PyTorch's `apply`), and
    /// returns this module.
    ///
    /// ```swift
    /// net.apply { module in
    ///     if let linear = module as? Linear { noGrad { linear.bias?.zero_() } }
    /// }
    /// ```
    @discardableResult
    public func apply(_ function: (Module) -> Void) -> Self {
        for child in children() { child.apply(function) }
        function(self)
        return self
    }

    /// Sets training mode (`true`) or evaluation mode on this module and all its descendants; returns self.
    @discardableResult
    public func train(_ mode: Bool = true) -> Self {
        training = mode
        for child in children() { child.train(mode) }
        return self
    }

    /// Evaluation mode: the same as `train(false)`.
    @discardableResult
    public func eval() -> Self { train(false) }

    /// Sets `requiresGrad` on every parameter (freezing with `false`); returns self.
    @discardableResult
    public func requiresGrad_(_ requiresGrad: Bool = true) -> Self {
        for parameter in parameters() { parameter.requiresGrad = requiresGrad }
        return self
    }

    /// Clears the parameters' gradients: sets them to `nil` (the default), or zeroes them in place.
    public func zeroGrad(setToNil: Bool = true) {
        for parameter in parameters() {
            guard let grad = parameter.grad else { continue }
            if setToNil {
                parameter.grad = nil
            } else {
                if grad.gradFn != nil { grad.detach_() } else { grad.requiresGrad = false }
                grad.zero_()
            }
        }
    }

    /// Total number of elements of all parameters, each shared parameter counted once.
    public var numParameters: Int {
        parameters().reduce(0) { count, parameter in
            check(!(parameter is UninitializedParameter),
                "Can't access the shape of an uninitialized parameter or buffer. Call `forward` to initialize the parameters before accessing their attributes.")
            return count + parameter.numel
        }
    }

    /// Converts every floating-point parameter and buffer (and gradient) to `dtype`, as `module.to(dtype)`;
    /// integer buffers are left alone. Returns self.
    ///
    /// As PyTorch's `_apply`, the tensors are converted in place (their ``/SynapseTensor/Tensor/data`` is replaced):
    /// they stay the same objects, so an optimizer created before the conversion still holds the model's
    /// parameters, and a parameter shared by several modules stays shared.
    @discardableResult
    public func to(_ dtype: DType) -> Self {
        check(dtype.isFloatingPoint,
            "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=\(dtype)")
        var converted: Set<ObjectIdentifier> = []
        func convert(_ tensor: Tensor) {
            guard tensor.dtype.isFloatingPoint, tensor.dtype != dtype,
                  converted.insert(ObjectIdentifier(tensor)).inserted else { return }
            let grad = tensor.grad
            tensor.data = noGrad { tensor.detach().to(dtype) }
            if let grad { tensor.grad = noGrad { grad.detach().to(dtype) } }
        }
        for module in modules() {
            module.forEachOwnParameter { _, parameter in convert(parameter) }
            module.forEachOwnBuffer { _, buffer, _ in convert(buffer) }
        }
        return self
    }

    /// Moves the module to `device` (`module.to(device)`). Only `.cpu` is available, where this returns self;
    /// any other device throws.
    @discardableResult
    public func to(device: Device) throws(DeviceError) -> Self {
        guard device.isAvailable else { throw .unavailable(device) }
        return self
    }
}
