/// Where a tensor's memory lives. Synapse computes on the CPU; the type exists so that code written for
/// PyTorch (`model.to(device)`) ports unchanged, and so that asking for an absent device fails clearly.
public enum Device: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Host memory.
    case cpu
    /// A CUDA device with the given index. Not available in this build.
    case cuda(Int)
    /// Apple's Metal Performance Shaders device. Not available in this build.
    case mps

    /// Parses PyTorch's device strings: `"cpu"`, `"cuda"`, `"cuda:1"`, `"mps"`.
    public init(_ string: String) throws(DeviceError) {
        switch string {
        case "cpu": self = .cpu
        case "mps": self = .mps
        case "cuda": self = .cuda(0)
        default:
            if string.hasPrefix("cuda:"), let index = Int(string.dropFirst(5)), index >= 0 {
                self = .cuda(index)
            } else {
                throw .invalidName(string)
            }
        }
    }

    /// PyTorch's spelling: `cpu`, `cuda:0`, `mps`.
    public var description: String {
        switch self {
        case .cpu: "cpu"
        case .cuda(let index): "cuda:\(index)"
        case .mps: "mps"
        }
    }

    /// Whether tensors can be placed on this device in this process.
    public var isAvailable: Bool { self == .cpu }
}

/// Why a device could not be used.
public enum DeviceError: Error, Equatable, CustomStringConvertible {
    /// The string does not name a device.
    case invalidName(String)
    /// The device exists in PyTorch's vocabulary but not in this build.
    case unavailable(Device)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "Expected one of cpu, cuda, mps device type at start of device string: \(name)"
        case .unavailable(let device):
            "Device \(device) is not available: Synapse computes on the CPU only (use .cpu)"
        }
    }
}
