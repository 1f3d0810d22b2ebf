// Data-parallel training of D2L's MLP on the digits Synapse ships, as a torchrun script would do it:
//
//   swift build -c release --product synapse-dist-train
//   mpirun -np 4 .build/release/synapse-dist-train [--epochs 10] [--batch-size 32] [--checkpoint mlp.safetensors]
//   mpirun -np 4 .build/release/synapse-dist-train --time-steps 200 [--no-ddp]   (one step's time: StepTiming.swift)
//
// Each rank reads its shard of every epoch (DistributedSampler), gradients are averaged by DistributedDataParallel,
// rank 0 reports and writes the checkpoint, and the others wait for it at a barrier.
import Foundation
import Synapse

/// The value after `flag` on the command line, or `fallback`.
func option(_ flag: String, _ fallback: String?) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

do {
    let epochs = Int(option("--epochs", "10")!) ?? 10
    let batchSize = Int(option("--batch-size", "32")!) ?? 32
    let checkpoint = option("--checkpoint", nil).map { URL(fileURLWithPath: $0) }

    let group = try ProcessGroup.initialize(backend: .mpi)            // dist.init_process_group("mpi")
    if let steps = option("--time-steps", nil).flatMap({ Int($0) }) {
        try timeSteps(steps, batchSize: batchSize, ddp: !CommandLine.arguments.contains("--no-ddp"), group: group)
        try group.destroy()
        exit(0)
    }
    manualSeed(0)
    let model = try DistributedDataParallel(makeNet())
    let optimizer = SGD(model.parameters(), lr: 0.1, momentum: 0.9)
    let train = try Digits(split: .train), test = try Digits(split: .test)
    let sampler = DistributedSampler(train, group: group, shuffle: true, seed: 0)
    let loader = DataLoader(train, batchSize: batchSize, sampler: sampler)
    if group.rank == 0 {
        print("\(group.worldSize) ranks, \(sampler.count) samples each per epoch, global batch \(batchSize * group.worldSize)")
    }

    for epoch in 0..<epochs {
        sampler.setEpoch(epoch)
        var lossSum = 0.0, batches = 0.0
        for batch in loader {
            optimizer.zeroGrad()
            let loss = Functional.crossEntropy(model(batch[0] / 16), batch[1])
            loss.backward()                                           // gradients averaged across ranks
            optimizer.step()
            lossSum += loss.item()
            batches += 1
        }
        let totals = Tensor([lossSum, batches], dtype: .float64)
        try group.allReduce(totals)                                   // the mean training loss over every rank
        if group.rank == 0 {
            let predictions = noGrad { model.module(test.images / 16).argmax(dim: 1) }
            let accuracy = (predictions .== test.labels).to(.float64).mean().item()
            let meanLoss = totals.toArray(of: Double.self)[0] / totals.toArray(of: Double.self)[1]
            print(String(format: "epoch %2d  train loss %.4f  test accuracy %.3f", epoch + 1, meanLoss, accuracy))
            if let checkpoint { try model.module.save(to: checkpoint) }
        }
        try group.barrier()                                           // the checkpoint is written before anyone goes on
    }
    try group.destroy()
} catch {
    print("synapse-dist-train: \(error)")
    exit(1)
}
