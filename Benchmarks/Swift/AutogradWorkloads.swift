import Synapse

/// Workloads that record a graph and run backward: the issue-3 target (a 4-8-1 MLP on a batch of 2), written
/// with plain tensors so it measures autograd rather than module bookkeeping.
enum AutogradWorkloads {
    static var all: [Workload] {
        [
            Workload("mlp_4_8_1_forward", target: nil) {
                let mlp = TinyMLP()
                return { consume(mlp.loss()) }
            },
            // Issue 3's target: `loss.backward()` alone. Each iteration runs the forward untimed, then times the
            // backward pass (releasing the graph afterwards is untimed too, on both sides).
            Workload("mlp_4_8_1_backward", target: 0.05, timing: {
                let mlp = TinyMLP()
                return .part(setup: {
                    mlp.clearGradients()
                    let loss = mlp.loss()
                    return { loss.backward() }
                })
            }),
            Workload("mlp_4_8_1_forward_backward", target: nil) {
                let mlp = TinyMLP()
                return {
                    mlp.clearGradients()
                    mlp.loss().backward()
                }
            },
            // Issue 6: one Adam step over 10M parameters (gradients already there), target PyTorch's time.
            Workload("adam_step_10M", target: 1.0) {
                let parameter = Parameter(Tensor.randn([10_000_000]))
                parameter.grad = Tensor.randn([10_000_000])
                let adam = Adam([parameter], lr: 0.001)
                return { adam.step() }
            },
            // Issue 6: the whole training step with modules and an optimiser, target 1/20 of PyTorch's time.
            Workload("mlp_4_8_1_train_step_sgd", target: 0.05) {
                let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
                let optimizer = SGD(net.parameters(), lr: 0.01)
                let loss = MSELoss()
                let x = Tensor.randn([2, 4]), y = Tensor.randn([2, 1])
                return {
                    optimizer.zeroGrad()
                    loss(net(x), y).backward()
                    optimizer.step()
                }
            },
        ]
    }

    /// `relu(x·W1ᵀ + b1)·W2ᵀ + b2` against a target, mean squared error; the same expression as
    /// `torch_bench.py`'s `TinyMLP`.
    final class TinyMLP {
        let w1 = Tensor.randn([8, 4]).requiresGrad_(), b1 = Tensor.randn([8]).requiresGrad_()
        let w2 = Tensor.randn([1, 8]).requiresGrad_(), b2 = Tensor.randn([1]).requiresGrad_()
        let x = Tensor.randn([2, 4]), target = Tensor.randn([2, 1])

        func loss() -> Tensor {
            let hidden = Tensor.addmm(b1, x, w1.t()).relu()
            let output = Tensor.addmm(b2, hidden, w2.t())
            return (output - target).pow(2).mean()
        }

        func clearGradients() {
            for parameter in [w1, b1, w2, b2] { parameter.grad = nil }
        }
    }
}
