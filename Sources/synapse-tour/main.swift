// A walk through Synapse along the user's articles (../shared/seeds/): each step prints what the PyTorch original
// prints, from the same seeds. Run it with `swift run -c release synapse-tour`.
import Foundation
import Synapse

func section(_ title: String) { print("\n== \(title)") }

section("Tensors: views write through, PyTorch's printing")
let x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
x.t()[0, 1] = 42
x[...] += 1
print(x)
print(x.sum(dim: 0), x[x .> 5])

section("Parameters (seed 000): a tensor a module registers")
let param = Parameter(Tensor([1, 2, 3]).to(.float32))
print(param)
print(param.data)

section("Nested access and state dicts (seed 001)")
manualSeed(42)
let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
let X = Tensor.rand([2, 4])
print(net(X))
print(net[2].stateDict())
print(net[2].bias)
print(net.namedParameters().map { "\($0.name) \($0.parameter.size())" })
print(net.stateDict()["2.bias"]!)

section("Initialisation through apply (seed 001 §2.2)")
net.apply { module in
    if let linear = module as? Linear {
        Init.normal_(linear.weight, mean: 0, std: 0.01)
        Init.zeros_(linear.bias!)
    }
}
print(net[0].weight.data[0], net[0].bias.data[0])
net[0].weight.data[...] += 1
net[0].weight.data[0, 0] = 42
print(net[0].weight.data[0])

section("Tied layers (seed 001 §2.3): one Linear at positions 2 and 4, gradients add up")
let shared = Linear(8, 8)
let tied = Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1))
tied[2].weight.data[0, 0] = 100
print(tied[2].weight.data[0] .== tied[4].weight.data[0])
tied(X).sum().backward()
print("shared weight grad, first row:", tied[2].weight.grad![0])
print(tied.stateDict().keys)

section("Deferred initialisation (seed 003 §5.3): shapes come from the first input")
let lazy = Sequential(LazyLinear(256), ReLU(), LazyLinear(10))
print(lazy[0], lazy[0].weight)
_ = lazy(Tensor.rand([2, 20]))
print(lazy)

section("The nn.init catalogue (seed 004) on one parameter")
let w = Parameter(Tensor.empty([2, 3]))
print(Init.xavierUniform_(w, gain: Init.calculateGain(.relu)))
print(Init.kaimingNormal_(w, mode: .fanOut, nonlinearity: .relu))
let conv = Conv2d(1, 3, kernelSize: 1)
Init.kaimingNormal_(conv.weight, mode: .fanIn)
print(conv, BatchNorm2d(3))

section("Custom modules and loading a state dict (seed 003)")
final class MLP: Module {
    let hidden = Linear(20, 256)
    let output = Linear(256, 10)
    override func forward(_ x: Tensor) -> Tensor { output(hidden(x).relu()) }
}
let mlp = MLP()
let clone = MLP()
print(try clone.loadStateDict(mlp.stateDict()))
print(clone.eval())
let input = Tensor.randn([2, 20])
print(clone(input).equal(mlp(input)))

section("Saving and loading (seed 003 §5.5): the files torch.save writes, read by torch.load too")
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-tour-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let saved = Tensor.arange(4)
try save(saved, to: folder.appendingPathComponent("x-file"))                  // torch.save(x, 'x-file')
print(try load(from: folder.appendingPathComponent("x-file")).tensor())   // torch.load('x-file')
let zeros = Tensor.zeros([4])
try save([saved, zeros], to: folder.appendingPathComponent("x-files"))
let xy = try load(from: folder.appendingPathComponent("x-files")).tensors()
print("(\(xy[0]), \(xy[1]))")
try save(["x": saved, "y": zeros], to: folder.appendingPathComponent("mydict"))
print(try load(from: folder.appendingPathComponent("mydict")))
let parametersFile = folder.appendingPathComponent("mlp.params")
try mlp.save(to: parametersFile)                                          // torch.save(net.state_dict(), 'mlp.params')
let restored = MLP()
print(try restored.load(from: parametersFile))                            // clone.load_state_dict(torch.load('mlp.params'))
print(restored.eval())
print(restored(input).equal(mlp(input)))
try? FileManager.default.removeItem(at: folder)

section("Optimisers fed by parameters() (seed 002): a few Adam steps on y = 2x - 1")
let regression = Sequential(Linear(1, 8), ReLU(), Linear(8, 1))
let adam = Adam(regression.parameters(), lr: 0.01)
let inputs = Tensor.rand([64, 1]) * 4 - 2
let targets = inputs * 2 - 1
for step in 1...200 {
    adam.zeroGrad()
    let loss = MSELoss()(regression(inputs), targets)
    loss.backward()
    adam.step()
    if step % 50 == 0 { print("step \(step): loss \(PythonFormat.fixed(loss.item(), precision: 4))") }
}

section("Training to a threshold (D2L 3.3): linear regression on synthetic data, minibatch SGD")
let trueW = Tensor([2.0, -3.4]), trueB = 4.2
let features = Tensor.randn([1000, 2])
let labels = (features.matmul(trueW) + trueB + Tensor.randn([1000]) * 0.01).reshape([-1, 1])
let linearRegression = Sequential(Linear(2, 1))
Init.normal_(linearRegression[0].weight, mean: 0, std: 0.01)
Init.zeros_(linearRegression[0].bias)
let sgd = SGD(linearRegression.parameters(), lr: 0.03)
let mse = MSELoss()
var epoch = 0, trainingLoss = Double.infinity
while trainingLoss > 1e-3 && epoch < 20 {
    epoch += 1
    for start in stride(from: 0, to: 1000, by: 10) {
        sgd.zeroGrad()
        mse(linearRegression(features[start..<(start + 10)]), labels[start..<(start + 10)]).backward()
        sgd.step()
    }
    trainingLoss = noGrad { mse(linearRegression(features), labels).item() }
    print("epoch \(epoch), loss \(PythonFormat.fixed(trainingLoss, precision: 6))")
}
print("w:", linearRegression[0].weight.data, "b:", linearRegression[0].bias.data)
