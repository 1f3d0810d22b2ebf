// Run under mpirun: `mpirun -np 4 .build/debug/synapse-dist-check`. Every rank checks every collective for every
// dtype against a locally computed reference;
// the exit status is non-zero when any rank found a mismatch.
import Foundation
import SynapseDistributed
import SynapseTensor

let group: ProcessGroup
do {
    group = try ProcessGroup.initialize(backend: .mpi, timeout: .seconds(30))
} catch {
    print("synapse-dist-check: \(error)")
    exit(2)
}

var report = Report(rank: group.rank)
do {
    var collectives = CollectiveChecks(group: group, report: report)
    try collectives.runAll()
    report = collectives.report
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
exit(totalFailures == 0 ? 0 : 1)
