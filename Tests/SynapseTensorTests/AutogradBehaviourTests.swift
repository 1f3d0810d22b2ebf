import Foundation
import Testing
@testable import SynapseTensor

/// Autograd behaviour PyTorch users rely on: grad modes, accumulation, retained graphs, hooks, `grad()`,
/// higher derivatives, and freeing the graph.
@Suite struct AutogradBehaviourTests {
    @Test func noGradStopsRecordingAndIsThreadLocal() async {
        let x = Tensor([1.0, 2.0]).requiresGrad_()
        let y = noGrad { x * 2 }
        #expect(!y.requiresGrad && y.gradFn == nil)
        noGrad {
            #expect(!isGradEnabled)
            let inner = enableGrad { x * 2 }
            #expect(inner.requiresGrad)
            let other = Thread { #expect(isGradEnabled) }
            other.start()
            while !other.isFinished { usleep(1000) }
        }
        #expect(isGradEnabled)
        setGradEnabled(false)
        #expect((x * 3).gradFn == nil)
        setGradEnabled(true)
        #expect((x * 3).gradFn?.name == "MulBackward0")
    }

    @Test func gradientsAccumulateAcrossCallsAndUses() {
        let x = Tensor([1.0, 2.0, 3.0]).requiresGrad_()
        (x * x).sum().backward()
        (x * 3).sum().backward()
        #expect(x.grad?.toArray(of: Float.self) == [5, 7, 9])
        x.grad = nil
        (x + x + x).sum().backward()
        #expect(x.grad?.toArray(of: Float.self) == [3, 3, 3])
    }

    @Test func leavesNeverShareGradientMemory() {
        // An addition sends one gradient to both inputs; only an unshared gradient may become `.grad` as it is.
        let a = Tensor([1.0, 2.0]).requiresGrad_(), b = Tensor([3.0, 4.0]).requiresGrad_()
        (a + b).sum().backward()
        #expect(a.grad!.storage !== b.grad!.storage)
        // A gradient the caller passes in, or one a hook keeps, stays the caller's.
        let leaf = Tensor([1.0, 2.0]).requiresGrad_()
        let given = Tensor([0.5, 0.25])
        leaf.backward(gradient: given)
        #expect(leaf.grad!.storage !== given.storage)
        var kept: Tensor?
        let hooked = Tensor([1.0, 2.0]).requiresGrad_()
        _ = hooked.registerHook { kept = $0; return nil }
        (hooked * 3).sum().backward()
        #expect(hooked.grad!.storage !== kept!.storage)
        noGrad { _ = hooked.grad!.add_(1) }
        #expect(kept!.toArray(of: Float.self) == [3, 3] && hooked.grad!.toArray(of: Float.self) == [4, 4])
    }

    @Test func retainGraphAllowsASecondBackward() {
        let x = Tensor([2.0]).requiresGrad_()
        let y = (x * x).exp()
        y.backward(retainGraph: true)
        let first = x.grad!.item()
        y.backward()
        #expect(Swift.abs(x.grad!.item() - 2 * first) < 1e-3)
    }

    @Test func backwardFromInsideAHookIsAnErrorNotADeadlock() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([2.0]).requiresGrad_()
            let other = Tensor([3.0]).requiresGrad_()
            _ = x.registerHook { gradient in
                (other * other).sum().backward()
                return gradient
            }
            (x * x).sum().backward()
        }
        #expect(standardError(of: result).contains("reentrant backward is not supported"))
    }

    @Test func secondBackwardWithoutRetainGraphStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([2.0]).requiresGrad_()
            let y = (x * x).sum()
            y.backward()
            y.backward()
        }
        #expect(standardError(of: result)
            .contains("Trying to backward through the graph a second time"))
    }

    @Test func viewsSaveNothingSoTheirNodesRunAgain() {
        // As in PyTorch: only freed saved tensors stop a second pass; a view's node has none.
        let x = Tensor.ones([2, 3]).requiresGrad_()
        let y = x.t()
        y.sum().backward()
        y.sum().backward()
        #expect(x.grad!.toArray(of: Float.self) == [Float](repeating: 2, count: 6))
    }

    @Test func modifyingASavedTensorInPlaceIsCaught() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1.0, 2.0]).requiresGrad_()
            let y = x.exp()
            y.add_(1)
            y.sum().backward()
        }
        #expect(standardError(of: result).contains(
            "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead."))
    }

    /// Products save an operand only when the other one needs a gradient (PyTorch's rule), so changing in place
    /// an operand nothing saved is allowed. Expected gradients printed by torch 2.15 for the same code.
    @Test func productsSaveOnlyTheOperandsTheirGradientsNeed() {
        let x = Tensor([1.0, 2.0]).requiresGrad_()
        let h = x * 2, y = h * 3
        h.add_(1)                                   // `h * 3` saved only the 3
        y.sum().backward()
        #expect(x.grad?.toArray(of: Double.self) == [6, 6])

        let w = Tensor.ones([2, 3]).requiresGrad_(), data = Tensor.ones([4, 2])
        let product = data.mm(w)                    // saves `data`, not `w`
        noGrad { w.add_(1) }
        product.sum().backward()
        #expect(w.grad?.toArray(of: Float.self) == [Float](repeating: 4, count: 6))

        w.grad = nil
        let affine = Tensor.addmm(Tensor.ones([3]).requiresGrad_(), data, w)
        noGrad { w.mul_(2) }
        affine.sum().backward()
        #expect(w.grad?.toArray(of: Float.self) == [Float](repeating: 4, count: 6))
        #expect(noGrad { (Tensor([3.0]).requiresGrad_() * Tensor([2.0])).gradFn } == nil)
    }

    @Test func inPlaceOnALeafThatRequiresGradStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Tensor([1.0]).requiresGrad_()
            w.add_(1)
        }
        #expect(standardError(of: result)
            .contains("a leaf Variable that requires grad is being used in an in-place operation."))
        let w = Tensor([1.0]).requiresGrad_()
        noGrad { w.sub_(Tensor([0.5])) }
        #expect(w.item() == 0.5 && w.isLeaf)
    }

    @Test func integerTensorsCannotRequireGrad() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor([1, 2]).requiresGrad_()
        }
        #expect(standardError(of: result)
            .contains("only Tensors of floating point dtype can require gradients"))
    }

    @Test func hooksSeeAndReplaceGradients() {
        let x = Tensor([1.0, 2.0]).requiresGrad_()
        var seen: [Float] = []
        let handle = x.registerHook { grad in
            seen = grad.toArray(of: Float.self)
            return grad * 10
        }
        let hidden = x * 3
        hidden.registerHook { $0 + 1 }
        hidden.sum().backward()
        #expect(seen == [6, 6])   // (1 + 1) from the hidden hook, times 3
        #expect(x.grad?.toArray(of: Float.self) == [60, 60])
        handle.remove()
        x.grad = nil
        (x * 3).sum().backward()
        #expect(x.grad?.toArray(of: Float.self) == [3, 3])
    }

    @Test func retainGradKeepsNonLeafGradients() {
        let x = Tensor([1.0, 2.0]).requiresGrad_()
        let y = x * x
        y.retainGrad()
        (y * 2).sum().backward()
        #expect(y.grad?.toArray(of: Float.self) == [2, 2])
        #expect(x.grad?.toArray(of: Float.self) == [4, 8])
    }

    @Test func gradFunctionReturnsWithoutAccumulating() {
        let x = Tensor([1.0, 2.0], dtype: .float64).requiresGrad_()
        let z = Tensor([3.0], dtype: .float64).requiresGrad_()
        let y = (x * x * x).sum()
        let grads = Tensor.grad(outputs: [y], inputs: [x, z], allowUnused: true)
        #expect(grads[0]?.toArray(of: Double.self) == [3, 12])
        #expect(grads[1] == nil)
        #expect(x.grad == nil)
    }

    @Test func createGraphGivesSecondDerivatives() {
        let x = Tensor([0.5, 2.0], dtype: .float64).requiresGrad_()
        let y = (x.pow(3) + x.sin()).sum()
        let first = Tensor.grad(outputs: [y], inputs: [x], createGraph: true)[0]!
        #expect(first.requiresGrad)
        let second = Tensor.grad(outputs: [first.sum()], inputs: [x])[0]!.toArray(of: Double.self)
        let expected = [0.5, 2.0].map { 6 * $0 - Foundation.sin($0) }
        for (a, e) in zip(second, expected) { #expect(Swift.abs(a - e) < 1e-12) }
    }

    @Test func secondDerivativesFlowThroughSavedOutputs() {
        // exp and tanh save their output; a createGraph backward must differentiate through it, even though
        // nothing but the graph holds the output any more.
        let x = Tensor([0.5, -1.0], dtype: .float64).requiresGrad_()
        let expFirst = Tensor.grad(outputs: [x.exp().sum()], inputs: [x], createGraph: true)[0]!
        let expSecond = Tensor.grad(outputs: [expFirst.sum()], inputs: [x])[0]!.toArray(of: Double.self)
        for (a, value) in zip(expSecond, [0.5, -1.0]) { #expect(Swift.abs(a - Foundation.exp(value)) < 1e-12) }
        let tanhFirst = Tensor.grad(outputs: [x.tanh().sum()], inputs: [x], createGraph: true)[0]!
        let tanhSecond = Tensor.grad(outputs: [tanhFirst.sum()], inputs: [x])[0]!.toArray(of: Double.self)
        for (a, value) in zip(tanhSecond, [0.5, -1.0]) {
            let y = Foundation.tanh(value)
            #expect(Swift.abs(a - (-2 * y * (1 - y * y))) < 1e-12)
        }
    }

    @Test func detachAndDataShareMemoryWithoutHistory() {
        let x = Tensor([1.0, 2.0]).requiresGrad_()
        let y = x * 2
        let detached = y.detach()
        #expect(!detached.requiresGrad && detached.isLeaf && detached.storage === y.storage)
        #expect(x.data.storage === x.storage && !x.data.requiresGrad)
        #expect(x.isLeaf && !y.isLeaf && y.requiresGrad)
        #expect((Tensor([1.0]) * 2).gradFn == nil)
        #expect(x.grad == nil)
    }

    @Test func graphIsFreedAfterBackward() {
        weak var node: GradFn?
        weak var intermediate: Tensor?
        let x = Tensor([1.0, 2.0]).requiresGrad_()
        do {
            let hidden = x.exp()
            intermediate = hidden
            let loss = (hidden * hidden).sum()
            node = loss.gradFn
            loss.backward()
        }
        #expect(node == nil, "the graph outlived its output")
        #expect(intermediate == nil, "a saved tensor outlived the graph")
        #expect(x.grad != nil)
    }

    /// A leaf keeps one gradient accumulator for every graph that uses it (it holds the node; the node holds the
    /// leaf weakly), and a graph outliving its leaf runs without it instead of keeping it alive.
    @Test func leavesKeepOneAccumulatorThatDoesNotKeepThemAlive() {
        let x = Tensor([1.0, 2.0]).requiresGrad_()
        let first = (x * 2).sum(), second = (x * 3).sum()
        let accumulator = first.gradFn?.nextFunctions.first?.0?.nextFunctions.first?.0
        #expect(accumulator?.name == "AccumulateGrad")
        #expect(accumulator === second.gradFn?.nextFunctions.first?.0?.nextFunctions.first?.0)
        first.backward()
        second.backward()
        #expect(x.grad?.toArray(of: Double.self) == [5, 5])

        weak var leaf: Tensor?
        let orphan: Tensor
        do {
            let w = Tensor([1.0, 2.0]).requiresGrad_()
            leaf = w
            orphan = (w + 1).sum()   // an addition saves nothing
        }
        #expect(leaf == nil, "the graph kept its leaf alive")
        orphan.backward()
    }

    /// A training loop must not grow resident memory: 10,000 SGD steps on a 4-8-1 MLP, in a child process so that
    /// tests running in parallel don't disturb the measurement. The child fails when memory grew by 4 MiB or more.
    @Test func trainingLoopDoesNotGrowMemory() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            func residentBytes() -> Int {
                guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
                return (Int(statm.split(separator: " ")[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
            }
            var values = TestValues(seed: 3)
            let w1 = values.leaf([8, 4]).to(.float32).detach().requiresGrad_()
            let b1 = Tensor.zeros([8]).requiresGrad_()
            let w2 = values.leaf([1, 8]).to(.float32).detach().requiresGrad_()
            let b2 = Tensor.zeros([1]).requiresGrad_()
            let x = Tensor([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]), target = Tensor([[1.0], [0.0]])
            func step() {
                for p in [w1, b1, w2, b2] { p.grad = nil }
                let hidden = Tensor.addmm(b1, x, w1.t()).relu()
                let loss = (Tensor.addmm(b2, hidden, w2.t()) - target).pow(2).mean()
                loss.backward()
                noGrad { for p in [w1, b1, w2, b2] { p.sub_(p.grad! * 0.01) } }
            }
            for _ in 0..<200 { step() }
            let before = residentBytes()
            for _ in 0..<10_000 { step() }
            let growth = residentBytes() - before
            print("resident memory grew by \(growth / 1024) KiB over 10,000 steps")
            exit(growth < 4 << 20 ? 0 : 1)
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        print("trainingLoopDoesNotGrowMemory:", output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(output.contains("resident memory grew by"))
    }
}

/// `grad_fn=<…>` in printed tensors, as PyTorch shows it.
@Suite struct AutogradPrintingTests {
    @Test func printsGradFnAfterTheData() {
        let x = Tensor([[1.0, 2.0]]).requiresGrad_()
        #expect(x.description == "tensor([[1., 2.]], requires_grad=True)")
        let w = Tensor([[0.5], [0.25]], dtype: .float64).requiresGrad_()
        let y = Tensor.addmm(Tensor([1.0], dtype: .float64), x.to(.float64), w)
        #expect(y.description == "tensor([[2.]], dtype=torch.float64, grad_fn=<AddmmBackward0>)")
        #expect((x * 2).sum().description == "tensor(6., grad_fn=<SumBackward0>)")
        #expect(noGrad { x * 2 }.description == "tensor([[2., 4.]])")
    }
}

/// `sumToShape` undoes broadcasting: leading dimensions summed away, size-1 dimensions summed in place.
@Suite struct SumToShapeTests {
    @Test(arguments: [DType.float32, .float64])
    func sumsBroadcastDimensions(_ dtype: DType) {
        let x = Tensor.arange(24, dtype: dtype).reshape([3, 2, 4])
        let values = x.toArray(of: Double.self)
        func expected(_ keep: (Int, Int, Int) -> Int, count: Int) -> [Double] {
            var sums = [Double](repeating: 0, count: count)
            for i in 0..<3 { for j in 0..<2 { for k in 0..<4 { sums[keep(i, j, k)] += values[(i * 2 + j) * 4 + k] } } }
            return sums
        }
        #expect(x.sumToShape([4]).shape == [4])
        #expect(x.sumToShape([4]).toArray(of: Double.self) == expected({ _, _, k in k }, count: 4))
        #expect(x.sumToShape([2, 4]).toArray(of: Double.self) == expected({ _, j, k in j * 4 + k }, count: 8))
        #expect(x.sumToShape([2, 1]).toArray(of: Double.self) == expected({ _, j, _ in j }, count: 2))
        #expect(x.sumToShape([1, 2, 4]).shape == [1, 2, 4])
        #expect(x.t2().sumToShape([4]).toArray(of: Double.self) == expected({ _, _, k in k }, count: 4))
        #expect(x.sumToShape([3, 2, 4]) === x)
    }

    @Test func staysDifferentiableWhenRecording() {
        let x = Tensor.ones([3, 4], dtype: .float64).requiresGrad_()
        let reduced = x.sumToShape([4])
        #expect(reduced.gradFn?.name == "SumBackward1")
        (reduced * Tensor([1.0, 2.0, 3.0, 4.0], dtype: .float64)).sum().backward()
        #expect(x.grad?.toArray(of: Double.self) == (0..<3).flatMap { _ in [1.0, 2, 3, 4] })
    }
}

private extension Tensor {
    /// The same values through a non-contiguous layout (the general reduction path).
    func t2() -> Tensor { transpose(0, 2).contiguous().transpose(0, 2) }
}

/// Matrix-product gradients take their operand's layout, as PyTorch's `mm_mat1_backward`/`mm_mat2_backward` do.
@Suite struct ProductGradientLayoutTests {
    /// `x·Wᵀ` (a linear layer): W's gradient arrives contiguous, and equals `gᵀ·x`.
    @Test(arguments: [false, true])
    func transposedWeightGetsAContiguousGradient(_ throughAddmm: Bool) {
        manualSeed(3)
        let x = Tensor.randn([5, 4]), weight = Tensor.randn([3, 4]).requiresGrad_(), bias = Tensor.randn([3])
        let upstream = Tensor.randn([5, 3])
        let out = throughAddmm ? Tensor.addmm(bias, x, weight.t()) : x.mm(weight.t())
        out.backward(gradient: upstream)
        let grad = weight.grad!
        #expect(grad.isContiguous)
        #expect(grad.toArray(of: Float.self) == noGrad { upstream.t().mm(x) }.toArray(of: Float.self))
    }

    /// A column-major first operand gets a column-major gradient, a row-major one a row-major gradient; both
    /// equal `g·bᵀ`.
    @Test(arguments: [false, true])
    func firstOperandGradientFollowsItsLayout(_ columnMajor: Bool) {
        manualSeed(4)
        let base = (columnMajor ? Tensor.randn([4, 5]) : Tensor.randn([5, 4])).requiresGrad_()
        let a = columnMajor ? base.t() : base * 1
        nonisolated(unsafe) var received: Tensor?
        _ = a.registerHook { gradient in
            received = gradient
            return nil
        }
        let b = Tensor.randn([4, 3]), upstream = Tensor.randn([5, 3])
        a.mm(b).backward(gradient: upstream)
        let grad = received!
        #expect(Tensor.isColumnMajor(grad) == columnMajor)
        let expected = noGrad { upstream.mm(b.t()) }
        #expect(grad.shape == [5, 4])
        #expect(grad.contiguous().toArray(of: Float.self) == expected.toArray(of: Float.self))
    }
}
