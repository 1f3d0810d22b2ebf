/// How many elements writing a checkpoint out may add beyond what its storages hold.
///
/// A view can claim far more elements than its storage (a stride of 0 repeats one value 2^31 times); saving it
/// writes every element, so a 650-byte file could convert into gigabytes. `synapse convert` refuses, before
/// writing anything, a checkpoint whose views expand by more than its `--max-elements` in total.
public enum ExpansionBudget {
    /// The default limit: 2^28 elements beyond the storages (1 GiB of float32).
    public static let defaultLimit = 1 << 28

    /// Throws when the views of `value` together claim more than `limit` elements beyond their storages.
    public static func check(_ value: CheckpointValue, limit: Int = defaultLimit) throws(CheckpointError) {
        var total = 0
        for case (let key, .tensor(let tensor)) in CheckpointPaths.leaves(value) {
            let stored = tensor.storage.byteCount / Swift.max(1, tensor.dtype.itemSize)
            guard tensor.numel > stored else { continue }
            total = total.addingReportingOverflow(tensor.numel - stored).overflow ? Int.max : total + (tensor.numel - stored)
            guard total <= limit else {
                throw .invalidTensor(
                    key: key,
                    reason: "a view of \(tensor.numel) elements over a storage of \(stored); writing the checkpoint would expand its views by more than \(limit) elements in total (raise --max-elements to allow it)")
            }
        }
    }
}
