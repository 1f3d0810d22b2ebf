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
    /// integer buffers are left alone. Tensors are replaced by converted ones (the properties holding them must be
    /// `var`); a parameter shared by several modules stays shared. Returns self.
    ///
    /// Unlike PyTorch, whose `_apply` swaps the data inside the same parameter objects, the parameters are new
    /// objects (a tensor's dtype and storage are immutable here): convert the model before creating its
    /// optimiser, which holds the parameter objects.
    @discardableResult
    public func to(_ dtype: DType) -> Self {
        check(dtype.isFloatingPoint,
            "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=\(dtype)")
        var converted: [ObjectIdentifier: Tensor] = [:]
        func convert(_ tensor: Tensor) -> Tensor? {
            guard tensor.dtype.isFloatingPoint, tensor.dtype != dtype else { return nil }
            if let done = converted[ObjectIdentifier(tensor)] { return done }
            let values = noGrad { tensor.detach().to(dtype) }
            let result: Tensor
            if tensor is SparseGradientParameter {
                result = SparseGradientParameter(values, requiresGrad: tensor.requiresGrad)
            } else if tensor is Parameter {
                result = Parameter(values, requiresGrad: tensor.requiresGrad)
            } else if let buffer = tensor as? Buffer {
                result = Buffer(values, persistent: buffer.persistent)
            } else {
                result = values
            }
            if let grad = tensor.grad { result.grad = noGrad { grad.detach().to(dtype) } }
            converted[ObjectIdentifier(tensor)] = result
            return result
        }
        for module in modules() {
            var replacements: [(String, Tensor)] = []
            module.forEachOwnParameter { name, parameter in
                if let new = convert(parameter) { replacements.append((name, new)) }
            }
            module.forEachOwnBuffer { name, buffer, _ in
                if let new = convert(buffer) { replacements.append((name, new)) }
            }
            for (name, tensor) in replacements { module.replaceTensor(named: name, with: tensor) }
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
