import Testing

/// Parent of every suite here: building a model draws its default initialisation from the process-wide default
/// generator, and the sampling tests seed it, so the tests run one at a time (parallel tests would interleave draws).
@Suite(.serialized) struct DefaultGeneratorSuite {}
