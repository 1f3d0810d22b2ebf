#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Open MPI's C library (`libmpi.so.40`) opened at run time with `dlopen`, as OpenBLAS is: Synapse builds and runs
/// without it, and only a process group needs it.
///
/// Open MPI's handles (`MPI_COMM_WORLD`, `MPI_FLOAT`, `MPI_SUM`…) are the addresses of global objects
/// (`ompi_mpi_comm_world`, `ompi_mpi_float`, `ompi_mpi_op_sum`…), found with `dlsym`: no C header is needed. The
/// library is opened with `RTLD_GLOBAL`, which Open MPI's own plug-ins (loaded by `MPI_Init`) need to find its symbols.
struct MPILibrary: @unchecked Sendable {
    /// An MPI handle (`MPI_Comm`, `MPI_Datatype`, `MPI_Op`, `MPI_Request`, `MPI_Errhandler`): a pointer in Open MPI.
    typealias Handle = UnsafeMutableRawPointer?
    typealias Status = Int32

    typealias InitThread = @convention(c) (
        UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, Int32, UnsafeMutablePointer<Int32>?) -> Status
    typealias Flag = @convention(c) (UnsafeMutablePointer<Int32>?) -> Status
    typealias CommInt = @convention(c) (Handle, UnsafeMutablePointer<Int32>?) -> Status
    typealias SetErrhandler = @convention(c) (Handle, Handle) -> Status
    typealias ErrorString = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<Int32>?) -> Status
    typealias Finalize = @convention(c) () -> Status
    typealias Abort = @convention(c) (Handle, Int32) -> Status
    typealias Request = UnsafeMutablePointer<Handle>
    /// `MPI_Iallreduce(sendbuf, recvbuf, count, datatype, op, comm, request)`.
    typealias Iallreduce = @convention(c) (UnsafeRawPointer?, Handle, Int32, Handle, Handle, Handle, Request?) -> Status
    /// `MPI_Ibcast(buffer, count, datatype, root, comm, request)`.
    typealias Ibcast = @convention(c) (Handle, Int32, Handle, Int32, Handle, Request?) -> Status
    /// `MPI_Iallgather(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm, request)`.
    typealias Iallgather = @convention(c) (UnsafeRawPointer?, Int32, Handle, Handle, Int32, Handle, Handle, Request?) -> Status
    /// `MPI_Igather`/`MPI_Iscatter(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root, comm, request)`.
    typealias Irooted = @convention(c) (
        UnsafeRawPointer?, Int32, Handle, Handle, Int32, Handle, Int32, Handle, Request?) -> Status
    /// `MPI_Ireduce_scatter_block(sendbuf, recvbuf, recvcount, datatype, op, comm, request)`.
    typealias IreduceScatterBlock = @convention(c) (UnsafeRawPointer?, Handle, Int32, Handle, Handle, Handle, Request?) -> Status
    /// `MPI_Ibarrier(comm, request)`.
    typealias Ibarrier = @convention(c) (Handle, Request?) -> Status
    /// `MPI_Isend`/`MPI_Irecv(buf, count, datatype, peer, tag, comm, request)`.
    typealias PointToPoint = @convention(c) (Handle, Int32, Handle, Int32, Int32, Handle, Request?) -> Status
    /// `MPI_Test(request, flag, status)`.
    typealias Test = @convention(c) (Request?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Status
    /// `MPI_Cancel(request)` / `MPI_Request_free(request)`.
    typealias RequestCall = @convention(c) (Request?) -> Status

    /// `MPI_THREAD_SERIALIZED`: any thread may call MPI, one at a time (the process group holds a lock).
    static let threadSerialized: Int32 = 2
    /// `MPI_IN_PLACE` in Open MPI.
    static var inPlace: UnsafeRawPointer? { UnsafeRawPointer(bitPattern: 1) }

    /// The name the library was opened by.
    let name: String
    let initThread: InitThread, initialized: Flag, finalized: Flag, finalize: Finalize, abort: Abort
    let commRank: CommInt, commSize: CommInt, setErrhandler: SetErrhandler, errorString: ErrorString
    let iallreduce: Iallreduce, ibcast: Ibcast, iallgather: Iallgather, igather: Irooted, iscatter: Irooted
    let ireduceScatterBlock: IreduceScatterBlock, ibarrier: Ibarrier, isend: PointToPoint, irecv: PointToPoint
    let test: Test, cancel: RequestCall, requestFree: RequestCall
    /// `MPI_COMM_WORLD`, `MPI_ERRORS_RETURN`.
    let commWorld: Handle, errorsReturn: Handle
    /// Datatypes by element layout.
    let float32: Handle, float64: Handle, int64: Handle, int32: Handle, int16: Handle, int8: Handle, uint8: Handle
    let uint16: Handle
    /// Reduction operations.
    let sum: Handle, product: Handle, min: Handle, max: Handle, logicalAnd: Handle, logicalOr: Handle

    /// Library names tried in order.
    static let candidates = ["libmpi.so.40", "libmpi.so", "libmpi.40.dylib", "libmpi.dylib"]

    /// What to install when no candidate loads.
    static let installHint = "apt-get install openmpi-bin libopenmpi-dev"

    /// The library, loaded once; the error says what was tried and what to install.
    static let shared: Result<MPILibrary, DistributedError> = Result { try load(candidates: candidates) }
        .mapError { $0 as? DistributedError ?? .libraryNotFound(tried: candidates, reason: "\($0)") }

    /// Opens the first of `candidates` that loads and has every function Synapse calls.
    static func load(candidates: [String]) throws(DistributedError) -> MPILibrary {
        var reasons: [String] = []
        for name in candidates {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL) else {
                reasons.append(dlerror().map { String(cString: $0) } ?? "\(name): not found")
                continue
            }
            do { return try MPILibrary(handle: handle, name: name) } catch {
                reasons.append("\(name): \(error)")
                dlclose(handle)
            }
        }
        throw .libraryNotFound(tried: candidates, reason: reasons.joined(separator: "; "))
    }

    private init(handle: UnsafeMutableRawPointer, name: String) throws(DistributedError) {
        func symbol(_ symbolName: String) throws(DistributedError) -> UnsafeMutableRawPointer {
            guard let address = dlsym(handle, symbolName) else { throw .missingSymbol(symbolName, library: name) }
            return address
        }
        func function<F>(_ symbolName: String, _: F.Type) throws(DistributedError) -> F {
            unsafeBitCast(try symbol(symbolName), to: F.self)
        }
        self.name = name
        initThread = try function("MPI_Init_thread", InitThread.self)
        initialized = try function("MPI_Initialized", Flag.self)
        finalized = try function("MPI_Finalized", Flag.self)
        finalize = try function("MPI_Finalize", Finalize.self)
        abort = try function("MPI_Abort", Abort.self)
        commRank = try function("MPI_Comm_rank", CommInt.self)
        commSize = try function("MPI_Comm_size", CommInt.self)
        setErrhandler = try function("MPI_Comm_set_errhandler", SetErrhandler.self)
        errorString = try function("MPI_Error_string", ErrorString.self)
        iallreduce = try function("MPI_Iallreduce", Iallreduce.self)
        ibcast = try function("MPI_Ibcast", Ibcast.self)
        iallgather = try function("MPI_Iallgather", Iallgather.self)
        igather = try function("MPI_Igather", Irooted.self)
        iscatter = try function("MPI_Iscatter", Irooted.self)
        ireduceScatterBlock = try function("MPI_Ireduce_scatter_block", IreduceScatterBlock.self)
        ibarrier = try function("MPI_Ibarrier", Ibarrier.self)
        isend = try function("MPI_Isend", PointToPoint.self)
        irecv = try function("MPI_Irecv", PointToPoint.self)
        test = try function("MPI_Test", Test.self)
        cancel = try function("MPI_Cancel", RequestCall.self)
        requestFree = try function("MPI_Request_free", RequestCall.self)
        commWorld = try symbol("ompi_mpi_comm_world")
        errorsReturn = try symbol("ompi_mpi_errors_return")
        float32 = try symbol("ompi_mpi_float")
        float64 = try symbol("ompi_mpi_double")
        int64 = try symbol("ompi_mpi_int64_t")
        int32 = try symbol("ompi_mpi_int32_t")
        int16 = try symbol("ompi_mpi_int16_t")
        int8 = try symbol("ompi_mpi_int8_t")
        uint8 = try symbol("ompi_mpi_uint8_t")
        uint16 = try symbol("ompi_mpi_uint16_t")
        sum = try symbol("ompi_mpi_op_sum")
        product = try symbol("ompi_mpi_op_prod")
        min = try symbol("ompi_mpi_op_min")
        max = try symbol("ompi_mpi_op_max")
        logicalAnd = try symbol("ompi_mpi_op_land")
        logicalOr = try symbol("ompi_mpi_op_lor")
    }

    /// MPI's text for an error code.
    func message(for code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 512)  // MPI_MAX_ERROR_STRING is 256 in Open MPI
        var length: Int32 = 0
        guard errorString(code, &buffer, &length) == 0 else { return "MPI error \(code)" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Throws ``DistributedError/mpi(function:code:message:)`` unless `status` is `MPI_SUCCESS`.
    func check(_ status: Status, _ function: String) throws(DistributedError) {
        if status != 0 { throw .mpi(function: function, code: status, message: message(for: status)) }
    }
}
