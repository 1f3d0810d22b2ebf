import Testing

/// Parent of every suite here whose tests seed or draw from the default generator: they run one at a time.
@Suite(.serialized) struct DefaultGeneratorSuite {}
