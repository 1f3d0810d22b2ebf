import SynapseDistributed
import SynapseNN
import SynapseOptim
import SynapseTensor

/// DDP training against one process training on the whole batch, in float64, to 1e-12.
///
/// Each rank builds its replica from a different seed (so the initial broadcast matters) and trains on its
/// contiguous shard of a fixed batch; the reference starts from rank 0's initialisation and sees the whole batch
/// as the same shards (so that BatchNorm, which normalises each forward's batch, computes the same statistics),
/// the loss being the mean of the shards' losses: the gradient DDP averages.
struct DataParallelChecks {
    let group: ProcessGroup
    var report: Report
    static let steps = 20, batch = 24

    static func mlp() -> Module {
        Sequential(Linear(6, 16), Tanh(), Linear(16, 8), Tanh(), Linear(8, 3)).double()
    }

    static func cnn() -> Module {
        Sequential(
            Conv2d(1, 4, kernelSize: (3, 3), padding: .explicit(1, 1)), BatchNorm2d(4), ReLU(), Flatten(),
            Linear(4 * 6 * 6, 3)
        ).double()
    }

    mutating func runAll() throws {
        let mlpData = Self.data(inputShape: [6], seed: 11)
        let cnnData = Self.data(inputShape: [1, 6, 6], seed: 12)
        for microBatches in [1, 2] {
            try check("MLP", Self.mlp, mlpData, microBatches: microBatches)
            try check("CNN with BatchNorm", Self.cnn, cnnData, microBatches: microBatches)
        }
        try checkTiedAndUnused()
    }

    /// Trains `model` one process alone: `steps` SGD steps, each on the mean of the losses of `chunks` chunks.
    static func trainReference(_ model: Module, chunks: Int, _ chunkLoss: (Int) -> Tensor) {
        let optimizer = SGD(model.parameters(), lr: 0.05, momentum: 0.9)
        for _ in 0..<steps {
            optimizer.zeroGrad()
            let loss = (1..<chunks).reduce(chunkLoss(0)) { sum, index in sum + chunkLoss(index) }
            (loss / Double(chunks)).backward()
            optimizer.step()
        }
    }

    /// A fixed batch: inputs and regression targets from a private generator.
    static func data(inputShape: [Int], seed: UInt64) -> (x: Tensor, y: Tensor) {
        let generator = Generator(seed: seed)
        return (Tensor.randn([batch] + inputShape, dtype: .float64, generator: generator),
                Tensor.randn([batch, 3], dtype: .float64, generator: generator))
    }

    /// Trains with DDP (`microBatches` > 1: all but the last under `noSync`) and compares with the reference.
    mutating func check(
        _ name: String, _ makeModel: () -> Module, _ data: (x: Tensor, y: Tensor), microBatches: Int
    ) throws {
        let world = group.worldSize
        let chunks = world * microBatches
        guard Self.batch % chunks == 0 else { return report.fail("\(name): batch \(Self.batch) doesn't split in \(chunks)") }
        let chunkSize = Self.batch / chunks
        func chunk(_ t: Tensor, _ index: Int) -> Tensor { t.narrow(0, start: index * chunkSize, length: chunkSize) }

        // The reference: rank 0's initial model, every chunk of the batch, one step per batch.
        manualSeed(0)
        let reference = makeModel()
        Self.trainReference(reference, chunks: chunks) { index in
            Functional.mseLoss(reference(chunk(data.x, index)), chunk(data.y, index))
        }

        // DDP: a replica initialised from another seed, this rank's chunks.
        manualSeed(UInt64(group.rank))
        let model = try DistributedDataParallel(
            makeModel(), processGroup: group, bucketCapMB: 0.0005, firstBucketBytes: 256,
            findUnusedParameters: false, broadcastBuffers: true)
        let optimizer = SGD(model.parameters(), lr: 0.05, momentum: 0.9)
        let mine = (0..<microBatches).map { group.rank * microBatches + $0 }
        for _ in 0..<Self.steps {
            optimizer.zeroGrad()
            for (position, index) in mine.enumerated() {
                let step = {
                    let loss = Functional.mseLoss(model(chunk(data.x, index)), chunk(data.y, index)) / Double(microBatches)
                    loss.backward()
                }
                if position < microBatches - 1 { model.noSync(step) } else { step() }
            }
            optimizer.step()
        }
        let label = "DDP \(name), \(world) ranks" + (microBatches > 1 ? ", noSync accumulation" : "")
        report.expectClose(
            model.module.parameters().flatMap { $0.data.contiguous().toArray(of: Double.self) },
            reference.parameters().flatMap { $0.data.contiguous().toArray(of: Double.self) },
            tolerance: 1e-12, label)
        checkOverlap(model, label)
        let keys = Array(model.stateDict().keys), expectedKeys = model.module.stateDict().keys.map { "module." + $0 }
        report.count("\(label): state dict keys")
        if keys != expectedKeys { report.fail("\(label): expected state dict keys \(expectedKeys), found \(keys)") }
        report.count("\(label): printed form")
        if !"\(model)".hasPrefix("DistributedDataParallel(\n  (module): Sequential(\n") {
            report.fail("\(label): expected PyTorch's printed form DistributedDataParallel((module): …), found \(model)")
        }
    }

    /// Every bucket was launched, in order, the first while backward still had gradients to produce.
    mutating func checkOverlap(_ model: DistributedDataParallel, _ label: String) {
        let launches = model.lastBucketLaunches
        report.count("\(label): bucket launches")
        if model.bucketNames.count < 2 { report.fail("\(label): expected several buckets, found \(model.bucketNames.count)") }
        if launches.map(\.bucket) != Array(model.bucketNames.indices) {
            report.fail("\(label): expected buckets \(Array(model.bucketNames.indices)) launched in order, found \(launches.map(\.bucket))")
        }
        if (launches.first?.gradientsStillPending ?? 0) == 0 {
            report.fail("\(label): expected the first bucket to be all-reduced while backward still ran, found \(launches)")
        }
    }
}
