import Testing
import SynapseNN
import SynapseTensor

/// `RNN`, `LSTM`, `GRU` and their cells against torch 2.15 (`scripts/fixtures/recurrent.py`): printout, keys,
/// initial weights and dropout masks bit for bit from the same seed (a private generator standing in for torch's
/// default one), outputs, final states and every gradient, for padded, batch-first, unbatched and packed inputs.
@Suite struct RecurrentFixtureTests {
    struct Arguments: Decodable, Sendable {
        let input_size, hidden_size: Int
        let num_layers, proj_size: Int?
        let bias, batch_first, bidirectional: Bool?
        let dropout: Double?
        let nonlinearity: String?
    }

    struct Packing: Decodable, Sendable {
        let lengths: [Int]
        let batch_first, enforce_sorted: Bool
        let data: [Double]
        let batch_sizes: [Int64]
        let sorted_indices: [Int64]?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name, kind, dtype, repr: String
        let args: Arguments
        let seed: UInt64
        let train: Bool
        let steps: Int
        let keys: [String]
        let `init`: [String: [Double]]
        let input, output, h_n: RecurrentFixture.Values
        let hx, cx, c_n: RecurrentFixture.Values?
        let packed: Packing?
        let output_data: [Double]?
        let grad_output: [Double]
        let grad_h_n, grad_c_n, grad_input, grad_hx, grad_cx: [Double]?
        let grads: [String: [Double]]
        let next_uniforms: [Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        struct File: Decodable { let cases: [Case] }
        return FixtureFile.decode(File.self, "recurrent/layers.json", generator: "recurrent.py").cases
    }()

    /// The layer or cell the case describes, drawn from `generator`.
    static func make(_ fixture: Case, _ generator: Generator) -> Module {
        let a = fixture.args, dtype = RecurrentFixture.dtype(fixture.dtype)
        let nonlinearity = RecurrentNonlinearity(rawValue: a.nonlinearity ?? "tanh")!
        switch fixture.kind {
        case "RNN":
            return RNN(a.input_size, a.hidden_size, numLayers: a.num_layers ?? 1, nonlinearity: nonlinearity,
                       bias: a.bias ?? true, batchFirst: a.batch_first ?? false, dropout: a.dropout ?? 0,
                       bidirectional: a.bidirectional ?? false, dtype: dtype, generator: generator)
        case "LSTM":
            return LSTM(a.input_size, a.hidden_size, numLayers: a.num_layers ?? 1, bias: a.bias ?? true,
                        batchFirst: a.batch_first ?? false, dropout: a.dropout ?? 0,
                        bidirectional: a.bidirectional ?? false, projSize: a.proj_size ?? 0, dtype: dtype,
                        generator: generator)
        case "GRU":
            return GRU(a.input_size, a.hidden_size, numLayers: a.num_layers ?? 1, bias: a.bias ?? true,
                       batchFirst: a.batch_first ?? false, dropout: a.dropout ?? 0,
                       bidirectional: a.bidirectional ?? false, dtype: dtype, generator: generator)
        case "RNNCell":
            return RNNCell(a.input_size, a.hidden_size, bias: a.bias ?? true, nonlinearity: nonlinearity, dtype: dtype,
                           generator: generator)
        case "LSTMCell":
            return LSTMCell(a.input_size, a.hidden_size, bias: a.bias ?? true, dtype: dtype, generator: generator)
        default:
            return GRUCell(a.input_size, a.hidden_size, bias: a.bias ?? true, dtype: dtype, generator: generator)
        }
    }

    /// The states and outputs of one run.
    struct Run {
        var output: Tensor
        var outputData: Tensor?
        var hN: Tensor
        var cN: Tensor?
    }

    /// Runs a layer on a padded or packed input, as the script does.
    static func runLayer(_ module: Module, _ fixture: Case, _ x: Tensor, _ h0: Tensor?, _ c0: Tensor?) -> Run {
        let state = h0.map { h in (h, c0 ?? h) }
        if let packing = fixture.packed {
            let packed = RNNUtilities.packPaddedSequence(x, lengths: packing.lengths, batchFirst: packing.batch_first,
                                                         enforceSorted: packing.enforce_sorted)
            #expect(RecurrentFixture.exact(packed.data, packing.data))
            #expect(packed.batchSizes.toArray(of: Int64.self) == packing.batch_sizes)
            #expect(packed.sortedIndices?.toArray(of: Int64.self) == packing.sorted_indices)
            let output: PackedSequence, hN: Tensor, cN: Tensor?
            switch module {
            case let lstm as LSTM: (output, (hN, cN)) = { let r = lstm(packed, state); return (r.0, (r.1.hN, r.1.cN as Tensor?)) }()
            case let rnn as RNN: (output, hN) = rnn(packed, h0); cN = nil
            case let gru as GRU: (output, hN) = gru(packed, h0); cN = nil
            default: fatalError("not a recurrent layer: \(module)")
            }
            let (padded, _) = RNNUtilities.padPackedSequence(output, batchFirst: packing.batch_first)
            return Run(output: padded, outputData: output.data, hN: hN, cN: cN)
        }
        switch module {
        case let lstm as LSTM:
            let (output, (hN, cN)) = lstm(x, state)
            return Run(output: output, hN: hN, cN: cN)
        case let rnn as RNN:
            let (output, hN) = rnn(x, h0)
            return Run(output: output, hN: hN)
        case let gru as GRU:
            let (output, hN) = gru(x, h0)
            return Run(output: output, hN: hN)
        default:
            fatalError("not a recurrent layer: \(module)")
        }
    }

    /// Runs a cell step by step on `x[t]`, feeding each state back.
    static func runCell(_ module: Module, _ fixture: Case, _ x: Tensor, _ h0: Tensor?, _ c0: Tensor?) -> Run {
        var outputs: [Tensor] = []
        var h = h0, c = c0
        for step in 0..<fixture.steps {
            switch module {
            case let lstm as LSTMCell:
                let next = lstm(x[step], h.map { ($0, c!) })
                (h, c) = (next.0, next.1)
            case let rnn as RNNCell: h = rnn(x[step], h)
            case let gru as GRUCell: h = gru(x[step], h)
            default: fatalError("not a cell: \(module)")
            }
            outputs.append(h!)
        }
        return Run(output: Tensor.stack(outputs), hN: h!, cN: c)
    }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: Case) throws {
        let dtype = RecurrentFixture.dtype(fixture.dtype)
        let generator = Generator(seed: fixture.seed)
        let module = Self.make(fixture, generator)
        #expect(module.description == fixture.repr)
        let state = module.stateDict()
        #expect(Array(state.keys) == fixture.keys)
        for key in fixture.keys {
            #expect(RecurrentFixture.exact(state[key], fixture.`init`[key]), "initial \(key)")
        }
        _ = module.train(fixture.train)

        let x = fixture.input.tensor(dtype, requiresGrad: true)
        let h0 = fixture.hx?.tensor(dtype, requiresGrad: true), c0 = fixture.cx?.tensor(dtype, requiresGrad: true)
        let cell = fixture.kind.hasSuffix("Cell")
        let run = cell ? Self.runCell(module, fixture, x, h0, c0) : Self.runLayer(module, fixture, x, h0, c0)

        let next = Tensor.empty([4]).uniform_(generator: generator)
        #expect(next.toArray(of: Double.self) == fixture.next_uniforms, "dropout masks drew as torch's did")
        #expect(run.output.shape == fixture.output.shape)
        #expect(RecurrentFixture.close(run.output, fixture.output.values, dtype), "output")
        #expect(RecurrentFixture.close(run.outputData, fixture.output_data, dtype), "packed output data")
        #expect(run.hN.shape == fixture.h_n.shape)
        #expect(RecurrentFixture.close(run.hN, fixture.h_n.values, dtype), "h_n")
        #expect(run.cN?.shape == fixture.c_n?.shape)
        #expect(RecurrentFixture.close(run.cN, fixture.c_n?.values, dtype), "c_n")

        var loss = (run.output * Tensor(flat: fixture.grad_output, shape: run.output.shape).to(dtype)).sum()
        if let g = fixture.grad_h_n { loss = loss + (run.hN * Tensor(flat: g, shape: run.hN.shape).to(dtype)).sum() }
        if let g = fixture.grad_c_n, let cN = run.cN { loss = loss + (cN * Tensor(flat: g, shape: cN.shape).to(dtype)).sum() }
        loss.backward()
        for (name, parameter) in module.namedParameters() {
            #expect(RecurrentFixture.close(parameter.grad, fixture.grads[name], dtype), "gradient of \(name)")
        }
        #expect(RecurrentFixture.close(x.grad, fixture.grad_input, dtype), "gradient of the input")
        #expect(RecurrentFixture.close(h0?.grad, fixture.grad_hx, dtype), "gradient of h0")
        #expect(RecurrentFixture.close(c0?.grad, fixture.grad_cx, dtype), "gradient of c0")
    }
}
