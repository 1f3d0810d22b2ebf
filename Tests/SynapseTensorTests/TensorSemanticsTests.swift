import Testing
@testable import SynapseTensor

/// Reference semantics: views, `.data` and slices share memory; in-place writes are visible through all of them.
@Suite struct TensorSemanticsTests {
    @Test func viewsShareStorage() {
        let x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        let views = [x.t(), x.view(3, 2), x[1], x[...], x.data, x.narrow(1, start: 1, length: 2), x.unsqueeze(0)]
        for view in views { #expect(view.storage === x.storage) }
        x.t()[0, 1] = 42
        #expect(x.toArray(of: Float.self) == [1, 2, 3, 42, 5, 6])
        x.data[1, 2] = -1
        #expect(x[1, 2].item() == -1)
    }

    /// Small storages keep their bytes inside the storage object; every size, inline or not, must be aligned for
    /// any element type (8 bytes), and on the platforms Synapse runs on, as `malloc`'s blocks are (16 bytes).
    @Test func storageBytesAreAligned() {
        for byteCount in [0, 1, 4, 8, 12, 16, 100, Storage.inlineLimit, Storage.inlineLimit + 1, 1 << 20] {
            let storage = Storage.allocate(byteCount: byteCount)
            #expect(Int(bitPattern: storage.bytes) % 16 == 0, "\(byteCount) bytes")
            #expect(storage.byteCount == byteCount)
        }
    }

    @Test func compoundAssignmentThroughSubscriptWritesInPlace() {
        let w = Tensor([[1.0, 2.0], [3.0, 4.0]])
        let alias = w
        w[...] += 1
        w[0] *= 10
        #expect(alias.toArray(of: Float.self) == [20, 30, 4, 5])
        w[w .> 10] = 0
        #expect(w.toArray(of: Float.self) == [0, 0, 4, 5])
    }

    @Test func reshapeCopiesOnlyWhenItMust() {
        let x = Tensor.arange(12).view(3, 4)
        #expect(x.reshape(4, 3).storage === x.storage)
        let transposed = x.t()
        #expect(!transposed.isContiguous)
        #expect(transposed.reshape(12).storage !== x.storage)
        #expect(transposed.reshape(12).toArray(of: Int.self) == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
    }

    @Test func inPlaceOpsBumpTheVersionCounter() {
        let x = Tensor.zeros([3])
        let before = x.storage.version
        x.add_(1)
        x[0] = 5
        x.fill_(2)
        #expect(x.storage.version == before + 3)
    }

    @Test func literalsFollowPyTorchDefaults() {
        #expect(Tensor([1.0, 2.0]).dtype == .float32)
        #expect(Tensor([1, 2]).dtype == .int64)
        #expect(Tensor([true]).dtype == .bool)
        #expect(Tensor([Float16(1)]).dtype == .float16)
        #expect(Tensor([1.0], dtype: .float64).dtype == .float64)
        let scalar: Tensor = 3.5
        #expect(scalar.rank == 0 && scalar.item() == 3.5)
        #expect(Tensor([[[1, 2]], [[3, 4]]]).shape == [2, 1, 2])
        #expect(Tensor([[Int]]()).shape == [0])
    }

    @Test func halfPrecisionRoundTrips() {
        let values: [Double] = [1, 0.1, -3.14159, 65504, 1e-8]
        let half = Tensor(values, dtype: .float16).toArray(of: Double.self)
        #expect(half == values.map { Double(Float(Float16(Float($0)))) })
        let bf = Tensor(values, dtype: .bfloat16).toArray(of: Double.self)
        #expect(bf == values.map { Double(BFloat16(Float($0)).floatValue) })
    }

    @Test func integerConversionMatchesCCasts() {
        #expect(Tensor([Double.nan, 1e30, -2.9]).to(.int64).toArray(of: Int64.self) == [Int64.min, Int64.min, -2])
        #expect(Tensor([300, -129]).to(.uint8).toArray(of: UInt8.self) == [44, 127])
    }

    @Test func devices() throws {
        let x = Tensor.ones([2])
        #expect(try x.to(device: .cpu) === x)
        #expect(throws: DeviceError.unavailable(.cuda(0))) { try x.to(device: .cuda(0)) }
        #expect(try Device("cuda:1") == .cuda(1))
        #expect(try Device("cpu") == .cpu)
        #expect(throws: DeviceError.invalidName("tpu")) { try Device("tpu") }
        #expect("\(DeviceError.unavailable(.mps))" == "Device mps is not available: Synapse computes on the CPU only (use .cpu)")
        #expect("\(DeviceError.invalidName("gpu:0"))" == "Expected one of cpu, cuda, mps device type at start of device string: gpu:0")
    }

    @Test func equalAndAllclose() {
        let a = Tensor([1.0, 2.0, .nan])
        #expect(!a.equal(a))
        #expect(a.allclose(a, equalNaN: true))
        #expect(Tensor([1.0, 2.0]).equal(Tensor([1.0, 2.0])))
        #expect(!Tensor([1.0, 2.0]).equal(Tensor([1.0])))
        #expect(Tensor([1.0]).allclose(Tensor([1.0 + 1e-6])))
        #expect(!Tensor([1.0]).allclose(Tensor([1.001])))
    }
}
