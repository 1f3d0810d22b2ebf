import Synapse

/// Convolution workloads of issue 23: a ResNet-18 BasicBlock in training mode, forward and backward, and the
/// LeNet and ResNet steps on one thread (`setNumThreads(1)` around each iteration, `torch.set_num_threads(1)` on
/// the PyTorch side) for the scaling report.
enum ConvolutionWorkloads {
    static var all: [Workload] {
        [
            Workload("resnet_basic_block_b32", target: 1.0) { resnetStep() },
            Workload("lenet_conv_forward_backward_b64_1thread", target: 1.0) { onOneThread(lenetStep()) },
            Workload("resnet_basic_block_b32_1thread", target: 1.0) { onOneThread(resnetStep()) },
        ]
    }

    /// The LeNet step of `lenet_conv_forward_backward_b64` (LayerWorkloads) and its one-thread twin.
    static func lenetStep() -> () -> Void {
        let net = Sequential(Conv2d(1, 6, kernelSize: 5, padding: 2), Sigmoid(), AvgPool2d(2),
                             Conv2d(6, 16, kernelSize: 5), Sigmoid(), AvgPool2d(2))
        let x = Tensor.rand([64, 1, 28, 28])
        return {
            net.zeroGrad()
            net(x).sum().backward()
        }
    }

    /// Forward and backward of a BasicBlock(64) on 32 × 64 × 56 × 56.
    static func resnetStep() -> () -> Void {
        let block = BasicBlock(channels: 64)
        let x = Tensor.randn([32, 64, 56, 56])
        return {
            block.zeroGrad()
            block(x).sum().backward()
        }
    }

    /// ResNet-18's BasicBlock without downsampling: conv3x3, BatchNorm2d, ReLU, conv3x3, BatchNorm2d, plus the
    /// input, ReLU (torchvision's `BasicBlock(64, 64)`).
    final class BasicBlock: Module {
        let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d, bn2: BatchNorm2d
        let relu = ReLU()

        init(channels: Int) {
            conv1 = Conv2d(channels, channels, kernelSize: (3, 3), padding: .explicit(1, 1), bias: false)
            bn1 = BatchNorm2d(channels)
            conv2 = Conv2d(channels, channels, kernelSize: (3, 3), padding: .explicit(1, 1), bias: false)
            bn2 = BatchNorm2d(channels)
            super.init()
        }

        override func forward(_ x: Tensor) -> Tensor {
            relu(bn2(conv2(relu(bn1(conv1(x))))) + x)
        }
    }
}
