import Foundation
import Synapse

/// `--time-steps N`: the time of one training step (forward, backward, SGD step) on a fixed batch of
/// `batchSize` samples per rank, through `DistributedDataParallel` or, with `ddp: false`, on the bare network (the
/// one-process baseline). Rank 0 prints one JSON line: the slowest rank's median of `steps` steps after a warm-up.
func timeSteps(_ steps: Int, batchSize: Int, ddp: Bool, group: ProcessGroup) throws {
    manualSeed(0)
    let net = makeNet()
    let model: Module = ddp ? try DistributedDataParallel(net, processGroup: group) : net
    let optimizer = SGD(model.parameters(), lr: 0.1, momentum: 0.9)
    let train = try Digits(split: .train)
    let rows = (group.rank * batchSize)..<((group.rank + 1) * batchSize)
    let (x, y) = (train.images[rows] / 16, train.labels[rows])
    let step = {
        optimizer.zeroGrad()
        Functional.crossEntropy(model(x), y).backward()
        optimizer.step()
    }
    for _ in 0..<5 { step() }
    try group.barrier()
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<steps {
        let elapsed = clock.measure(step)
        times.append(Double(elapsed.components.attoseconds) * 1e-15 + Double(elapsed.components.seconds) * 1e3)
    }
    let median = Tensor([times.sorted()[steps / 2]], dtype: .float64)
    try group.allReduce(median, op: .max)
    if group.rank == 0 {
        let value = median.toArray(of: Double.self)[0]
        print(#"{"ranks": \#(group.worldSize), "ddp": \#(ddp), "batch_per_rank": \#(batchSize), "ms_per_step": \#(String(format: "%.4f", value))}"#)
    }
}

/// D2L's MLP for 8×8 digits.
func makeNet() -> Module { Sequential(Flatten(), Linear(64, 256), ReLU(), Linear(256, 10)) }
