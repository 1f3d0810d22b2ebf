import SynapseTensor

/// Where an epoch of a sampler starts, enough to replay it exactly: the state (PyTorch's 5,056-byte layout) of the
/// generator its draws come from, taken just before the epoch's first draw, or `nil` for a sampler that draws
/// nothing.
public struct SamplerEpochState: Sendable, Equatable, Codable {
    /// ``/SynapseTensor/Generator/State/torchBytes`` of the epoch's generator before the epoch's draws.
    public var generatorState: [UInt8]?

    /// A state with the given generator bytes.
    public init(generatorState: [UInt8]?) { self.generatorState = generatorState }
}

/// A strategy that orders the indices of a data set for one epoch (`torch.utils.data.Sampler`).
///
/// ``makeEpoch()`` makes the draws PyTorch's `iter(sampler)` makes (at the same point of the stream, so that
/// the same seed gives the same indices); ``resumeEpoch(from:)`` replays an epoch from its ``SamplerEpoch/state``
/// on a private copy of the generator, leaving every shared generator alone.
public protocol Sampler: Sendable {
    /// The number of indices in an epoch (`len(sampler)`).
    var count: Int { get }
    /// Starts a new epoch.
    func makeEpoch() -> SamplerEpoch
    /// The epoch that started in `state`, from its first index.
    func resumeEpoch(from state: SamplerEpochState) -> SamplerEpoch
}

/// The indices of one epoch of a ``Sampler``, produced lazily (random draws happen when PyTorch makes them).
public struct SamplerEpoch: Sequence, IteratorProtocol {
    /// How to replay this epoch with ``Sampler/resumeEpoch(from:)``.
    public let state: SamplerEpochState
    private let nextIndex: () -> Int?

    /// An epoch whose indices come from `next`, restartable from `state`.
    public init(state: SamplerEpochState, next: @escaping () -> Int?) {
        self.state = state
        nextIndex = next
    }

    /// The number of indices produced so far.
    public private(set) var consumed = 0

    /// The next index, or `nil` at the end of the epoch.
    public mutating func next() -> Int? {
        guard let index = nextIndex() else { return nil }
        consumed += 1
        return index
    }

    /// An epoch over the indices of `values`, drawn already.
    static func over(_ values: some Sequence<Int>, state: SamplerEpochState) -> SamplerEpoch {
        var iterator = values.makeIterator()
        return SamplerEpoch(state: state) { iterator.next() }
    }
}

extension Sampler {
    /// All indices of a new epoch (`list(sampler)`).
    public func indices() -> [Int] { Array(makeEpoch()) }

    /// The epoch that started in `state`, after its first `consumed` indices (an epoch's ``SamplerEpoch/state`` and
    /// ``SamplerEpoch/consumed`` saved mid-epoch): the rest of the indices, the same ones.
    public func resumeEpoch(from state: SamplerEpochState, after consumed: Int) -> SamplerEpoch {
        var epoch = resumeEpoch(from: state)
        while epoch.consumed < consumed, epoch.next() != nil {}
        return epoch
    }
}

/// The generator an epoch draws from: `generator` (the default when `nil`), or, when resuming, a private copy
/// restored to the epoch's start.
func epochGenerator(_ generator: Generator?, resuming state: SamplerEpochState?) -> Generator {
    guard let bytes = state?.generatorState else { return generator ?? Generator.default }
    let copy = Generator()
    do { try copy.setState(Generator.State(torchBytes: bytes)) } catch {
        preconditionFailure("a sampler state holds an invalid generator state: \(error)")
    }
    return copy
}

/// A `Tensor.randperm(n)` from `generator`, as `Int`s.
func randomPermutation(_ n: Int, _ generator: Generator) -> [Int] {
    Tensor.randperm(n, generator: generator).toArray(of: Int64.self).map { Int($0) }
}
