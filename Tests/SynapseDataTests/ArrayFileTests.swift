import SynapseData
import SynapseTensor
import Testing

/// `.npy`/`.npz` files numpy wrote, IDX and delimited text, and hostile versions of each.
@Suite struct ArrayFileTests {
    @Test func npyFilesNumpyWroteReadAsNumpyReadsThem() throws {
        let c = try NumpyArray.read(contentsOf: DataFixtures.path("f32_c.npy"))
        #expect(c.dtype == .float32 && c.shape == [2, 3] && c.toArray(of: Float.self) == [0, 0.25, 0.5, 0.75, 1, 1.25])
        let fortran = try NumpyArray.read(contentsOf: DataFixtures.path("f64_fortran.npy"))
        #expect(fortran.shape == [2, 3] && fortran.toArray(of: Double.self) == [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])
        #expect(try NumpyArray.read(contentsOf: DataFixtures.path("i64.npy")).toArray(of: Int64.self) == [-3, 4, 5, 1 << 40])
        #expect(try NumpyArray.read(contentsOf: DataFixtures.path("u8.npy")).toArray(of: UInt8.self) == [0, 7, 255])
        #expect(try NumpyArray.read(contentsOf: DataFixtures.path("bool.npy")).toArray(of: Bool.self) == [true, false, true])
        let bigEndian = try NumpyArray.read(contentsOf: DataFixtures.path("i16_be.npy"))
        #expect(bigEndian.dtype == .int16 && bigEndian.toArray(of: Int16.self) == [1, -2, 300])
        let scalar = try NumpyArray.read(contentsOf: DataFixtures.path("scalar.npy"))
        #expect(scalar.shape == [] && scalar.item() == 2.5)
    }

    @Test func npzArchivesReadByName() throws {
        let arrays = try NumpyArray.readArchive(contentsOf: DataFixtures.path("pair.npz"))
        #expect(arrays.keys.sorted() == ["x", "y"])
        #expect(arrays["y"]?.dtype == .int32 && arrays["y"]?.toArray(of: Int32.self) == [1, 2, 3])
        #expect(arrays["x"]?.toArray(of: Float.self) == [0, 0.25, 0.5, 0.75, 1, 1.25])
        #expect(throws: DataFileError.self) { try NumpyArray.decodeArchive(Array(DataFixtures.bytes("pair.npz").prefix(200))) }
    }

    @Test func hostileNpyFilesAreRefusedWithWhatWasExpected() {
        let good = DataFixtures.bytes("f32_c.npy")
        #expect(throws: DataFileError("object arrays (dtype 'O') hold pickled Python objects and are refused; save a numeric array")) {
            try NumpyArray.read(contentsOf: DataFixtures.path("object.npy"))
        }
        #expect(throws: DataFileError("expected 24 bytes of data for shape [2, 3] and dtype '<f4', found 20")) {
            try NumpyArray.decode(Array(good.dropLast(4)))
        }
        #expect(throws: DataFileError("expected 24 bytes of data for shape [2, 3] and dtype '<f4', found 28")) {
            try NumpyArray.decode(good + [0, 0, 0, 0])
        }
        #expect(throws: DataFileError.self) { try NumpyArray.decode(Array(good.prefix(30))) }
        var wrongMagic = good
        wrongMagic[1] = 0x41
        #expect(throws: DataFileError.self) { try NumpyArray.decode(wrongMagic) }
        #expect(throws: DataFileError.self) { try NumpyArray.decode(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 2), }")) }
        #expect(throws: DataFileError.self) { try NumpyArray.decode(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }")) }
        #expect(throws: DataFileError("expected a dtype of f8, f4, f2, i8, i4, i2, i1, u1 or b1, found '<c8'")) {
            try NumpyArray.decode(Self.npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }"))
        }
        #expect(throws: DataFileError.self) { try NumpyArray.decode(Self.npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }")) }
        #expect(throws: DataFileError.self) { try NumpyArray.decode(Self.npy("{'descr': '<f4', 'shape': (1,), }")) }
        #expect(throws: DataFileError.self) { try NumpyArray.read(contentsOf: "/nonexistent/file.npy") }
    }

    /// A version-1 `.npy` with `header` and no data.
    static func npy(_ header: String) -> [UInt8] {
        let text = Array(header.utf8) + [0x0A]
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text
    }

    @Test func idxFilesReadLikeMNIST() throws {
        let images = try IDXFile.read(contentsOf: DataFixtures.path("images.idx3-ubyte"))
        #expect(images.dtype == .uint8 && images.shape == [3, 2, 2] && images.toArray(of: UInt8.self) == Array(0..<12))
        let labels = try IDXFile.read(contentsOf: DataFixtures.path("labels.idx1-ubyte"))
        #expect(labels.shape == [3] && labels.toArray(of: UInt8.self) == [7, 2, 1])
        let floats = try IDXFile.read(contentsOf: DataFixtures.path("floats.idx"))
        #expect(floats.dtype == .float32 && floats.toArray(of: Float.self) == [1.5, -2, 0.25, 8])
    }

    @Test func hostileIDXFilesAreRefused() {
        let good = DataFixtures.bytes("images.idx3-ubyte")
        #expect(throws: DataFileError("expected 12 bytes of data for shape [3, 2, 2], found 11")) {
            try IDXFile.decode(Array(good.dropLast()))
        }
        #expect(throws: DataFileError("expected 12 bytes of data for shape [3, 2, 2], found 13")) { try IDXFile.decode(good + [0]) }
        #expect(throws: DataFileError.self) { try IDXFile.decode(Array(good.prefix(9))) }
        #expect(throws: DataFileError.self) { try IDXFile.decode([0, 0, 0x07, 1, 0, 0, 0, 1, 0]) }
        #expect(throws: DataFileError.self) { try IDXFile.decode([1, 0, 0x08, 1, 0, 0, 0, 1, 0]) }
        #expect(throws: DataFileError.self) { try IDXFile.decode([0x1F, 0x8B, 8, 0]) }
        // Three dimensions of 2^32 - 1: more elements than can be addressed, refused before any allocation.
        #expect(throws: DataFileError.self) { try IDXFile.decode([0, 0, 0x08, 3] + Array(repeating: 0xFF, count: 12)) }
    }

    @Test func delimitedTextReadsNumbersAndRefusesRaggedOrNonNumericRows() throws {
        let csv = try DelimitedText.read(contentsOf: DataFixtures.path("table.csv"), hasHeader: true)
        #expect(csv.shape == [2, 3] && csv.toArray(of: Float.self) == [1.5, 2, 0, -3, 0.4, 1])
        let tsv = try DelimitedText.read(contentsOf: DataFixtures.path("table.tsv"), delimiter: "\t", dtype: .float64)
        #expect(tsv.dtype == .float64 && tsv.toArray(of: Double.self) == [1, 2, 3, 4, 5, 6])
        #expect(throws: DataFileError("line 2: expected 2 fields, found 3")) { try DelimitedText.decode("1,2\n3,4,5\n") }
        #expect(throws: DataFileError("line 1, field 2: expected a number, found 'x'")) { try DelimitedText.decode("1,x\n") }
        #expect(try DelimitedText.decode("1,2\r\n\r\n3,4\r\n").shape == [2, 2])
    }
}
