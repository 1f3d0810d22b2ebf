import SynapseDistributed
import SynapseTensor
import Testing

/// The gradient buckets of `DistributedDataParallel`: reverse registration order, the first bucket capped at 1 MiB,
/// the others at `bucketCapMB`, one bucket per dtype.
struct BucketPlanTests {
    let megabyte = 1024 * 1024

    @Test func reverseOrderWithASmallFirstBucket() {
        // Five 600 KB float32 parameters, cap 1.5 MB: the first bucket closes past 1 MB (two parameters), the next
        // ones past 1.5 MB (three parameters).
        let sizes = Array(repeating: (bytes: 600 * 1024, dtype: DType.float32), count: 6)
        let plan = BucketPlan(sizes: sizes, bucketBytes: 3 * megabyte / 2)
        #expect(plan.buckets == [[5, 4], [3, 2, 1], [0]])
    }

    @Test func aHugeCapIsOneBucketPerDType() {
        let sizes: [(bytes: Int, dtype: DType)] = [(400, .float32), (800, .float64), (400, .float32), (800, .float64)]
        let plan = BucketPlan(sizes: sizes, bucketBytes: 25 * megabyte)
        #expect(plan.buckets == [[3, 1], [2, 0]])
    }

    @Test func aParameterLargerThanTheCapIsABucketOfItsOwn() {
        let sizes = [(bytes: 100, dtype: DType.float32), (bytes: 30 * megabyte, dtype: .float32), (bytes: 100, dtype: .float32)]
        let plan = BucketPlan(sizes: sizes, bucketBytes: 25 * megabyte)
        #expect(plan.buckets == [[2, 1], [0]])
    }
}
