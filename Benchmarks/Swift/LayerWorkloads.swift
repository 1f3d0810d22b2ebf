import Synapse

/// Layer workloads of the issue-5 targets: the D2L MLP training step, a LeNet-style convolution forward and
/// backward, and GELU over 16M floats. Parameters are updated by hand (`p -= lr · grad` under no-grad) on both
/// sides, so the step measures the layers and autograd rather than an optimiser.
enum LayerWorkloads {
    static var all: [Workload] {
        [
            Workload("d2l_mlp_step_b256", target: 1.0) { d2lMLPStep { $0 } },
            Workload("lenet_conv_forward_backward_b64", target: 1.5) { ConvolutionWorkloads.lenetStep() },
            Workload("gelu_16M", target: 1.5) {
                let a = Tensor.rand([TensorWorkloads.sixteenM])
                let gelu = GELU()
                return { consume(noGrad { gelu(a) }) }
            },
        ]
    }

    /// One D2L MLP training step on a batch of 256, on the network as `wrap` returns it (itself, or wrapped in
    /// `DistributedDataParallel`).
    static func d2lMLPStep(wrap: (Module) -> Module) -> () -> Void {
        let net = wrap(Sequential(Flatten(), Linear(784, 256), ReLU(), Linear(256, 10)))
        let loss = CrossEntropyLoss()
        let x = Tensor.rand([256, 1, 28, 28]), y = Tensor.randint(10, [256])
        let parameters = net.parameters()
        return {
            net.zeroGrad()
            loss(net(x), y).backward()
            noGrad { for p in parameters { p.sub_(p.grad! * 0.1) } }
        }
    }
}
