import Testing

/// Parent of every suite whose tests seed or draw from the process-wide default generator (`manualSeed`,
/// `Linear(…)` without a generator): its tests run one at a time, since parallel tests would interleave their draws.
/// Declare such suites inside it: `extension DefaultGeneratorSuite { @Suite struct MyTests { … } }`.
@Suite(.serialized) struct DefaultGeneratorSuite {}
