@testable import SynapseDistributed
import Testing

/// Without Open MPI the package works and a process group says what to install.
struct MissingMPITests {
    @Test func aMissingLibraryNamesTheLibrariesTriedAndTheInstallCommand() {
        #expect {
            try ProcessGroup.initialize(libraryCandidates: ["libmpi-that-does-not-exist.so.40"])
        } throws: { error in
            guard let error = error as? DistributedError, case .libraryNotFound(let tried, _) = error else { return false }
            let message = error.description
            return tried == ["libmpi-that-does-not-exist.so.40"]
                && message.contains("libmpi-that-does-not-exist.so.40")
                && message.contains("apt-get install openmpi-bin libopenmpi-dev")
        }
    }

    @Test func aLibraryWithoutMPIsSymbolsIsRefused() {
        // libc loads but is not MPI: the first missing function is named.
        #expect {
            try ProcessGroup.initialize(libraryCandidates: ["libc.so.6"])
        } throws: { error in
            "\(error)".contains("MPI_Init_thread") && "\(error)".contains("libc.so.6")
        }
    }

    @Test func errorsSayWhatWasExpectedAndFound() {
        let timeout = DistributedError.timeout(operation: "MPI_Iallreduce", seconds: 5, rank: 3)
        #expect(timeout.description.contains("rank 3") && timeout.description.contains("5.0 s"))
        #expect(DistributedError.notInitialized.description.contains("ProcessGroup.initialize"))
    }
}
