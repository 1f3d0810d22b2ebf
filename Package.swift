// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Synapse",
    products: [
        .library(name: "Synapse", targets: ["Synapse"]),
        .library(name: "SynapseTensor", targets: ["SynapseTensor"]),
        .library(name: "SynapseNN", targets: ["SynapseNN"]),
        .library(name: "SynapseOptim", targets: ["SynapseOptim"]),
        .library(name: "SynapseIO", targets: ["SynapseIO"]),
        .library(name: "SynapseModels", targets: ["SynapseModels"]),
        .library(name: "SynapseData", targets: ["SynapseData"]),
        .library(name: "SynapseTraining", targets: ["SynapseTraining"]),
        .library(name: "SynapseDistributed", targets: ["SynapseDistributed"]),
        .executable(name: "synapse-tour", targets: ["synapse-tour"]),
        .executable(name: "synapse", targets: ["synapse"]),
        .executable(name: "synapse-dist-train", targets: ["synapse-dist-train"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation --target Synapse` builds the DocC catalogue.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // SIMD kernels that need instruction sets Swift can't request without compiler flags
        // (AVX2/FMA via `target_clones`), with a portable fallback chosen at load time.
        .target(name: "CSynapseKernels"),
        .target(
            name: "SynapseTensor",
            dependencies: [
                "CSynapseKernels",
                .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "SynapseNN",
            dependencies: ["SynapseTensor", .product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(
            name: "SynapseOptim",
            dependencies: ["SynapseNN", "CSynapseKernels", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(
            name: "SynapseIO",
            dependencies: [
                "SynapseNN", "SynapseOptim", "CSynapseKernels",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // Ready-made Hugging Face models (BERT, GPT-2), checkpoint directories and tokenizers (tokenizer.json),
        // written with Synapse's public API.
        .target(name: "SynapseModels", dependencies: ["SynapseTensor", "SynapseNN", "SynapseIO"]),
        // torch.utils.data: datasets, samplers, DataLoader, array-file readers and the shipped digits.
        .target(
            name: "SynapseData",
            dependencies: ["SynapseIO", "CSynapseKernels", .product(name: "OrderedCollections", package: "swift-collections")],
            resources: [.copy("Resources")]
        ),
        // Watching training: TensorBoard event files, model summaries, progress bars, loss curves.
        .target(name: "SynapseTraining", dependencies: ["SynapseNN", "SynapseOptim"]),
        // torch.distributed on Open MPI (loaded at run time): process groups, DistributedDataParallel, DistributedSampler.
        .target(name: "SynapseDistributed", dependencies: ["SynapseNN", "SynapseOptim", "SynapseData"]),
        .target(
            name: "Synapse",
            dependencies: ["SynapseTensor", "SynapseNN", "SynapseOptim", "SynapseIO", "SynapseData", "SynapseTraining", "SynapseDistributed"]
        ),
        // The walk through the user's articles: a library so that the tests can compare it with its PyTorch twin.
        .target(name: "SynapseTour", dependencies: ["Synapse"]),
        .executableTarget(
            name: "synapse-tour",
            dependencies: ["SynapseTour", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "synapse",
            dependencies: ["SynapseIO", "SynapseModels", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Checks every collective and DDP training against one-process references; run under `mpirun -np N`.
        .executableTarget(name: "synapse-dist-check", dependencies: ["SynapseDistributed"]),
        // The example launcher: data-parallel training on the shipped digits under `mpirun -np N`.
        .executableTarget(name: "synapse-dist-train", dependencies: ["Synapse"]),
        .executableTarget(name: "synapse-bench", dependencies: ["Synapse", "SynapseModels"], path: "Benchmarks/Swift"),
        // libFuzzer target for the checkpoint parsers; a corpus replayer unless built with -D SYNAPSE_FUZZ.
        .executableTarget(name: "synapse-fuzz", dependencies: ["SynapseIO"], path: "Fuzz", exclude: ["README.md", "run.sh", "regressions", "hostile", "make_hostile.py", "checkpoint.dict"]),
        .testTarget(name: "SynapseTensorTests", dependencies: ["SynapseTensor"]),
        .testTarget(name: "SynapseNNTests", dependencies: ["SynapseNN", "SynapseTour"]),
        .testTarget(name: "SynapseOptimTests", dependencies: ["SynapseOptim"]),
        .testTarget(name: "SynapseIOTests", dependencies: ["SynapseIO"]),
        .testTarget(name: "SynapseModelsTests", dependencies: ["SynapseModels"]),
        .testTarget(name: "SynapseDataTests", dependencies: ["SynapseData", "SynapseOptim"]),
        .testTarget(name: "SynapseTrainingTests", dependencies: ["SynapseTraining"]),
        .testTarget(name: "SynapseDistributedTests", dependencies: ["SynapseDistributed"]),
    ],
    swiftLanguageModes: [.v6]
)
