
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of random numbers with PyTorch's CPU semantics (`torch.Generator()`): an ``MT19937`` engine plus the
/// cached second sample of the Box–Muller transform, behind a lock so several threads can share one generator.
///
/// The same seed and the same sequence of calls give the same bits as PyTorch on x86-64 Linux.
///
/// ```swift
/// let g = Generator(seed: 42)
/// let a = Tensor.rand([3], generator: g)      // torch.rand(3, generator=torch.Generator().manual_seed(42))
/// manualSeed(0)                               // torch.manual_seed(0): seeds Generator.default
/// let b = Tensor.randn([2, 2])
/// ```
public final class Generator: @unchecked Sendable {
    /// The seed `torch.Generator()` starts from when none is given.
    public static let defaultSeed: UInt64 = 67280421310721

    /// The generator every random operation uses when no generator is passed (`torch.default_generator`): the
    /// process-wide one, which starts from a seed read from `/dev/urandom` and which the free function
    /// `manualSeed(_:)` fixes, unless ``withDefault(_:_:)`` substitutes another for the code it runs.
    public static var `default`: Generator { substitute ?? processDefault }

    /// The process-wide default generator.
    private static let processDefault = Generator(seed: nondeterministicSeed())

    /// The generator ``withDefault(_:_:)`` installed for the current task or thread.
    @TaskLocal private static var substitute: Generator?

    /// Runs `body` with `generator` as the default generator of the current task or thread: `manualSeed`,
    /// `getRNGState` and every draw without an explicit generator use it, and draws made elsewhere meanwhile
    /// neither see nor disturb it. Threads started inside `body` use the process-wide default.
    ///
    /// ```swift
    /// let model = Generator.withDefault(Generator(seed: 0)) { BertModel(config) }   // the caller's stream untouched
    /// ```
    public static func withDefault<R>(_ generator: Generator, _ body: () throws -> R) rethrows -> R {
        try $substitute.withValue(generator, operation: body)
    }

    /// What the lock protects.
    struct Core {
        var engine: MT19937
        /// The second Box–Muller sample of the last pair, returned by the next serial normal draw.
        var nextDoubleNormal: Double?
        /// PyTorch's float normal cache: no Synapse kernel fills it, but a state restored from torch keeps it.
        var nextFloatNormal: Float? = nil
    }

    private let core: Locked<Core>

    /// A generator seeded with `seed` (`torch.Generator().manual_seed(seed)`); without one, PyTorch's default seed.
    public init(seed: UInt64 = Generator.defaultSeed) {
        core = Locked(Core(engine: MT19937(seed: seed), nextDoubleNormal: nil))
    }

    /// Reseeds the generator and forgets the cached normal sample (`g.manual_seed(seed)`).
    /// Only the low 32 bits of `seed` shape the stream; ``initialSeed`` keeps all 64.
    @discardableResult
    public func manualSeed(_ seed: UInt64) -> Generator {
        core.withLock { $0 = Core(engine: MT19937(seed: seed), nextDoubleNormal: nil) }
        return self
    }

    /// Reseeds with a Python-style integer: a negative seed wraps to `UInt64` (`-5` becomes `2^64 - 5`).
    @discardableResult
    public func manualSeed(_ seed: Int) -> Generator { manualSeed(UInt64(bitPattern: Int64(seed))) }

    /// Reseeds from `/dev/urandom` and returns the new seed (`g.seed()`).
    @discardableResult
    public func seed() -> UInt64 {
        let seed = Generator.nondeterministicSeed()
        manualSeed(seed)
        return seed
    }

    /// The seed the generator was last seeded with (`g.initial_seed()`).
    public var initialSeed: UInt64 { core.withLock { $0.engine.seed } }

    /// A snapshot of everything that determines the future stream: engine state and the cached normal samples.
    /// ``torchBytes`` and ``init(torchBytes:)`` convert it to and from PyTorch's 5,056-byte layout.
    public struct State: Sendable, Equatable {
        let engine: MT19937
        let nextDoubleNormal: Double?
        var nextFloatNormal: Float? = nil
    }

    /// The current state (`g.get_state()`); hand it to `setState(_:)` to replay the same numbers.
    public var state: State {
        core.withLock {
            State(engine: $0.engine, nextDoubleNormal: $0.nextDoubleNormal, nextFloatNormal: $0.nextFloatNormal)
        }
    }

    /// Restores a state taken from ``state`` (`g.set_state(s)`), from this or any other generator.
    public func setState(_ state: State) {
        core.withLock {
            $0 = Core(
                engine: state.engine, nextDoubleNormal: state.nextDoubleNormal, nextFloatNormal: state.nextFloatNormal)
        }
    }

    /// The next 32-bit draw of the engine (`random()` in ATen).
    public func random() -> UInt32 { core.withLock { $0.engine.next() } }

    /// The next 64-bit draw of the engine (`random64()`): two 32-bit draws, the first is the high word.
    public func random64() -> UInt64 { core.withLock { $0.engine.next64() } }

    /// Runs `body` with exclusive access to the engine and cache; kernels draw a whole tensor's worth at once.
    func withLockedCore<R>(_ body: (inout Core) -> R) -> R {
        core.withLock { body(&$0) }
    }

    /// 64 bits from `/dev/urandom` (the clock if it can't be read), as PyTorch seeds its default generator.
    static func nondeterministicSeed() -> UInt64 {
        var seed: UInt64 = 0
        if let file = fopen("/dev/urandom", "rb") {
            let read = fread(&seed, MemoryLayout<UInt64>.size, 1, file)
            fclose(file)
            if read == 1 { return seed }
        }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(truncatingIfNeeded: now.tv_sec) &* 1_000_000_007 &+ UInt64(truncatingIfNeeded: now.tv_nsec)
    }
}

extension Optional where Wrapped == Generator {
    /// The generator to draw from: the given one, or ``Generator/default``.
    var resolved: Generator { self ?? Generator.default }
}

/// Seeds the default generator, like `torch.manual_seed(seed)`, and returns it.
/// Only the low 32 bits of `seed` shape the stream.
@discardableResult
public func manualSeed(_ seed: UInt64) -> Generator { Generator.default.manualSeed(seed) }

/// Seeds the default generator with a Python-style integer: negative seeds wrap (`manualSeed(-5)` is
/// `torch.manual_seed(-5)`).
@discardableResult
public func manualSeed(_ seed: Int) -> Generator { Generator.default.manualSeed(seed) }

/// The seed the default generator was last seeded with (`torch.initial_seed()`).
public func initialSeed() -> UInt64 { Generator.default.initialSeed }
