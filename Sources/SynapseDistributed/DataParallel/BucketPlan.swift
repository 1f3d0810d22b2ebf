import SynapseTensor

/// How ``DistributedDataParallel`` groups gradients into buckets, each all-reduced as one flat tensor
/// (`dist._compute_bucket_assignment_by_size`).
///
/// Parameters are taken in reverse registration order (roughly the order backward produces their gradients), one
/// open bucket per dtype; a bucket closes once it holds at least its cap: `firstBucketBytes` for the first bucket
/// of each dtype (PyTorch's 1 MB, so that the first all-reduce starts early), `bucketBytes` after that (25 MB by
/// default). Buckets are ordered by when they are expected to be ready. PyTorch later rebuilds its buckets in the
/// order gradients actually arrived during the first iteration; this plan is fixed.
public struct BucketPlan: Sendable, Equatable {
    /// The buckets, in launch order; each lists parameter indices (into the registration order) in the order
    /// their gradients are expected.
    public let buckets: [[Int]]

    /// PyTorch's cap for the first bucket (`dist._DEFAULT_FIRST_BUCKET_BYTES`, 1 MiB).
    public static let defaultFirstBucketBytes = 1024 * 1024

    /// The plan for parameters of the given sizes in bytes and dtypes, in registration order.
    public init(sizes: [(bytes: Int, dtype: DType)], firstBucketBytes: Int = defaultFirstBucketBytes, bucketBytes: Int) {
        var open: [DType: (indices: [Int], bytes: Int)] = [:]
        var closedCount: [DType: Int] = [:]
        var buckets: [[Int]] = []
        for index in sizes.indices.reversed() {
            let (bytes, dtype) = sizes[index]
            var bucket = open[dtype] ?? ([], 0)
            bucket.indices.append(index)
            bucket.bytes += bytes
            let cap = closedCount[dtype, default: 0] == 0 ? firstBucketBytes : bucketBytes
            if bucket.bytes >= cap {
                buckets.append(bucket.indices)
                closedCount[dtype, default: 0] += 1
                open[dtype] = nil
            } else {
                open[dtype] = bucket
            }
        }
        buckets += open.values.map(\.indices)
        // Ready order: the bucket whose first gradient comes first (the highest registration index) goes first.
        self.buckets = buckets.sorted { $0[0] > $1[0] }
    }
}
