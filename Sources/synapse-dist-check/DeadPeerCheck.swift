import Foundation
import SynapseDistributed
import SynapseTensor

/// `--dead-peer`: the last rank kills itself mid-run (then `mpirun` ends the job at once); `--hung-peer`: it stops
/// answering. The others, blocked in an all-reduce, must stop with a clear error within seconds (the group's
/// timeout), not hang: they print it and exit with status 3.
func deadPeerScenario(_ group: ProcessGroup, hang: Bool) -> Never {
    let start = ContinuousClock.now
    try? group.barrier()
    if group.rank == group.worldSize - 1 {
        if hang {
            print("rank \(group.rank): stops answering")
            sleep(60)
            exit(0)
        }
        print("rank \(group.rank): killing itself")
        kill(getpid(), SIGKILL)
    }
    do {
        for _ in 0..<100 {
            try group.allReduce(Tensor([1.0]))
            usleep(10_000)
        }
        print("rank \(group.rank): FAIL all-reduces with a dead peer completed")
        exit(1)
    } catch {
        print("rank \(group.rank): stopped after \(ContinuousClock.now - start): \(error)")
        exit(3)
    }
}
