// Run under mpirun: `mpirun -np 4 .build/debug/synapse-dist-check`. Every rank checks every collective for every
// dtype against a locally computed reference, then DDP training against one process training on the whole batch;
// the exit status is non-zero when any rank found a mismatch. `--dead-peer` and `--hung-peer` check that a rank that
// dies or stops answering makes the others stop with a clear error within seconds (see DeadPeerCheck.swift).
import Foundation
import SynapseDistributed
import SynapseTensor

let arguments = CommandLine.arguments.dropFirst()
let peerFailure = arguments.contains("--dead-peer") || arguments.contains("--hung-peer")
let group: ProcessGroup
do {
    group = try ProcessGroup.initialize(backend: .mpi, timeout: .seconds(peerFailure ? 5 : 30))
} catch {
    print("synapse-dist-check: \(error)")
    exit(2)
}

if peerFailure { deadPeerScenario(group, hang: arguments.contains("--hung-peer")) }

var report = Report(rank: group.rank)
do {
    var collectives = CollectiveChecks(group: group, report: report)
    try collectives.runAll()
    report = collectives.report
    var dataParallel = DataParallelChecks(group: group, report: report)
    try dataParallel.runAll()
    report = dataParallel.report
} catch {
    report.fail("threw: \(error)")
}

let failures = Tensor([Double(report.failures.count)])
try group.allReduce(failures, op: .sum)
let totalFailures = Int(failures.toArray(of: Double.self)[0])
if group.rank == 0 {
    print("synapse-dist-check: \(group.worldSize) ranks, \(report.checks) checks per rank, \(totalFailures) failures")
}
try group.destroy()
do {
    try ProcessGroup.initialize(backend: .mpi)
    print("rank \(group.rank): FAIL a process group was initialized again after destroy()")
    exit(1)
} catch {}
exit(totalFailures == 0 ? 0 : 1)
