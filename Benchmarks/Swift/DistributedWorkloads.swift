import Synapse

/// The overhead of `DistributedDataParallel` at one rank: the D2L MLP step through DDP (bucketed gradients,
/// all-reduce, write-back) against the same step on the bare network (`synapse:d2l_mlp_step_b256`). Registered only
/// when Open MPI can be loaded; the process joins a group of one (no `mpirun` needed).
enum DistributedWorkloads {
    static var all: [Workload] {
        guard ProcessGroup.isAvailable else { return [] }
        return [
            Workload("ddp_d2l_mlp_step_b256_1rank", target: 1.15, reference: "synapse:d2l_mlp_step_b256") {
                LayerWorkloads.d2lMLPStep { net in
                    do { return try DistributedDataParallel(net, processGroup: ProcessGroup.initialize(backend: .mpi)) } catch {
                        fatalError("ddp_d2l_mlp_step_b256_1rank: \(error)")
                    }
                }
            },
        ]
    }
}
