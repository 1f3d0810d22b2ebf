extension Init {
    /// The nonlinearities ``calculateGain(_:param:)`` knows, by PyTorch's names: a case (`.leakyReLU`) or
    /// PyTorch's string (`"leaky_relu"`), so `Init.calculateGain("leaky_relu", param: 0.2)` reads as in PyTorch.
    /// A string PyTorch doesn't know stops with its message, `Unsupported nonlinearity …`.
    public enum Nonlinearity: String, Sendable, ExpressibleByStringLiteral {
        case linear, conv1d, conv2d, conv3d
        case convTranspose1d = "conv_transpose1d", convTranspose2d = "conv_transpose2d"
        case convTranspose3d = "conv_transpose3d"
        case sigmoid, tanh, relu
        case leakyReLU = "leaky_relu"
        case selu

        /// `.leakyReLU`, as Swift spells `leaky_relu` too.
        public static var leakyRelu: Nonlinearity { .leakyReLU }

        /// The nonlinearity PyTorch calls `name` (`"relu"`, `"conv_transpose2d"`), for names read at run time;
        /// an unknown name stops with PyTorch's message. ``init(rawValue:)`` returns `nil` instead.
        public init(_ name: String) {
            check(Nonlinearity(rawValue: name) != nil, "Unsupported nonlinearity \(name)")
            self = Nonlinearity(rawValue: name)!
        }

        /// The nonlinearity PyTorch calls `name`: `Init.calculateGain("tanh")`.
        public init(stringLiteral name: String) { self.init(name) }
    }

    /// Which fan a Kaiming initialiser scales by.
    public enum FanMode: String, Sendable {
        /// Preserves the variance of the forward pass (`"fan_in"`).
        case fanIn = "fan_in"
        /// Preserves the variance of the backward pass (`"fan_out"`).
        case fanOut = "fan_out"
    }

    /// The recommended gain for `nonlinearity` (`nn.init.calculate_gain`): 1 for linear and convolutions and
    /// sigmoid, 5/3 for tanh, √2 for relu, `sqrt(2 / (1 + slope²))` for leaky relu (slope `param`, default
    /// 0.01), 3/4 for selu.
    public static func calculateGain(_ nonlinearity: Nonlinearity, param: Double? = nil) -> Double {
        switch nonlinearity {
        case .linear, .conv1d, .conv2d, .conv3d, .convTranspose1d, .convTranspose2d, .convTranspose3d, .sigmoid: 1
        case .tanh: 5.0 / 3
        case .relu: (2.0).squareRoot()
        case .leakyReLU: (2.0 / (1 + (param ?? 0.01) * (param ?? 0.01))).squareRoot()
        case .selu: 3.0 / 4
        }
    }

    /// Xavier/Glorot uniform: `uniform_(-a, a)` with `a = gain · sqrt(6 / (fanIn + fanOut))`
    /// (`nn.init.xavier_uniform_`).
    @discardableResult
    public static func xavierUniform_(_ tensor: Tensor, gain: Double = 1, generator: Generator? = nil) -> Tensor {
        let (fanIn, fanOut) = fans(tensor)
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        let a = (3.0).squareRoot() * std
        return uniform_(tensor, -a, a, generator: generator)
    }

    /// Xavier/Glorot normal: `normal_(0, gain · sqrt(2 / (fanIn + fanOut)))` (`nn.init.xavier_normal_`).
    @discardableResult
    public static func xavierNormal_(_ tensor: Tensor, gain: Double = 1, generator: Generator? = nil) -> Tensor {
        let (fanIn, fanOut) = fans(tensor)
        return normal_(tensor, mean: 0, std: gain * (2.0 / Double(fanIn + fanOut)).squareRoot(), generator: generator)
    }

    /// Kaiming/He uniform: `uniform_(-bound, bound)` with `bound = sqrt(3) · gain / sqrt(fan)`
    /// (`nn.init.kaiming_uniform_`). Zero-element tensors are left alone, with PyTorch's warning skipped.
    @discardableResult
    public static func kaimingUniform_(
        _ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyReLU,
        generator: Generator? = nil
    ) -> Tensor {
        guard tensor.numel > 0 else { return tensor }
        let std = kaimingStd(tensor, a: a, mode: mode, nonlinearity: nonlinearity)
        return uniform_(tensor, -(3.0).squareRoot() * std, (3.0).squareRoot() * std, generator: generator)
    }

    /// Kaiming/He normal: `normal_(0, gain / sqrt(fan))` (`nn.init.kaiming_normal_`).
    @discardableResult
    public static func kaimingNormal_(
        _ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyReLU,
        generator: Generator? = nil
    ) -> Tensor {
        guard tensor.numel > 0 else { return tensor }
        return normal_(tensor, mean: 0, std: kaimingStd(tensor, a: a, mode: mode, nonlinearity: nonlinearity),
                       generator: generator)
    }

    /// `gain / sqrt(fan)`, the standard deviation both Kaiming initialisers aim for.
    static func kaimingStd(_ tensor: Tensor, a: Double, mode: FanMode, nonlinearity: Nonlinearity) -> Double {
        calculateGain(nonlinearity, param: a) / Double(fan(tensor, mode)).squareRoot()
    }

    /// The fan `mode` picks.
    static func fan(_ tensor: Tensor, _ mode: FanMode) -> Int {
        let (fanIn, fanOut) = fans(tensor)
        return mode == .fanIn ? fanIn : fanOut
    }

    /// The default initialisation of `Linear` and the convolutions (`reset_parameters`): weight
    /// `kaimingUniform_(a: sqrt(5))`, then bias `uniform_(±1/sqrt(fanIn))` (0 when `fanIn` is 0).
    static func defaultAffine_(weight: Tensor, bias: Tensor?, generator: Generator?) {
        kaimingUniform_(weight, a: (5.0).squareRoot(), generator: generator)
        guard let bias else { return }
        let fanIn = fans(weight).fanIn
        let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
        uniform_(bias, -bound, bound, generator: generator)
    }
}
