// libFuzzer entry for Synapse's checkpoint parsers (see Fuzz/README.md). Built with `-D SYNAPSE_FUZZ` it is a
// libFuzzer target; built normally it replays the files named on the command line (a crash reproducer).
import Foundation
import SynapseIO

/// The parser to drive: `SYNAPSE_FUZZ_PARSER` = `zip`, `legacy` or `safetensors`; unset, the format is detected.
let forcedFormat: CheckpointFormat? = switch ProcessInfo.processInfo.environment["SYNAPSE_FUZZ_PARSER"] {
case "zip": .torchZip
case "legacy": .torchLegacy
case "safetensors": .safetensors
default: nil
}

/// Decodes one input; errors are the expected outcome for most inputs, crashes and hangs are findings.
func decodeOne(_ bytes: UnsafeRawBufferPointer) {
    if let value = try? decodeCheckpoint(bytes: bytes, format: forcedFormat) {
        _ = value.description.count   // walk every value, tensors included
    }
}

#if SYNAPSE_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    decodeOne(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// libFuzzer's driver, for executables that bring their own `main` (SwiftPM renames an executable's entry point).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("synapse_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc, arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
@main
struct Replay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            data.withUnsafeBytes(decodeOne)
            print("ok \(path)")
        }
    }
}
#endif
