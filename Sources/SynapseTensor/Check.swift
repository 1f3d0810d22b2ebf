/// Stops the program with `message` when `condition` is false, in every build configuration.
///
/// Synapse reports caller bugs (shapes that can't broadcast, indices out of range) this way, with PyTorch's
/// wording. Swift's `precondition` drops its message in optimised builds, which would leave a user of a release
/// build with a bare trap; `fatalError` always prints.
@inline(__always)
package func check(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if _slowPath(!condition()) { fatalError(message(), file: file, line: line) }
}
