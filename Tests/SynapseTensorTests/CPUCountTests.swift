import Testing
import CSynapseKernels
@testable import SynapseTensor

#if canImport(Glibc)
import Glibc
#endif

/// The default thread count follows the process's CPU affinity, as OpenMP's (and so PyTorch's) does.
@Suite struct CPUCountTests {
    @Test("The available CPUs are at least one and at most the online ones")
    func boundedByOnlineProcessors() {
        let available = Int(synapse_available_cpu_count())
        #expect(available >= 1)
        #if canImport(Glibc)
        #expect(available <= sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #endif
        #expect(ProcessInfoLite.activeProcessorCount == available)
    }
}
