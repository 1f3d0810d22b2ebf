import Testing
import SynapseNN
import SynapseTensor

/// Upsample in the interpolating modes (linear, bilinear, bicubic, trilinear, area, `align_corners` both ways, size
/// or scale factor) and `UpsamplingBilinear2d` / `UpsamplingNearest2d` against torch
/// (`scripts/fixtures/layers_extra.py`): printout, output and input gradient.
@Suite struct UpsampleFixtureTests {
    static let cases = LayerFixtureCase.load("upsample.json")

    static func makeLayer(_ fixture: LayerFixtureCase) -> Upsample {
        let a = fixture.args
        let mode = a["mode"]?.text.flatMap(InterpolationMode.init(rawValue:)) ?? .nearest
        switch fixture.module {
        case "UpsamplingBilinear2d":
            return a["size"]?.ints.map { UpsamplingBilinear2d(size: $0) }
                ?? UpsamplingBilinear2d(scaleFactor: a["scale_factor"]!.double!)
        case "UpsamplingNearest2d":
            return a["size"]?.ints.map { UpsamplingNearest2d(size: $0) }
                ?? UpsamplingNearest2d(scaleFactor: a["scale_factor"]!.double!)
        default:
            if let size = a["size"]?.ints {
                return Upsample(size: size, mode: mode, alignCorners: a["align_corners"]?.bool)
            }
            return Upsample(scaleFactor: a["scale_factor"]!.double!, mode: mode, alignCorners: a["align_corners"]?.bool)
        }
    }

    @Test func fixtureIsThere() { #expect(Self.cases.count > 30) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let layer = Self.makeLayer(fixture)
        let inputs = fixture.makeInputs()
        fixture.verify(repr: layer.description, outputs: [layer(inputs[0])], inputs: inputs)
    }

    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func bilinearNeedsFourDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.interpolate(Tensor.zeros([1, 2, 3]), scaleFactor: 2, mode: .bilinear)
        }
        #expect(Self.message(result).contains("Got 3D input, but bilinear mode needs 4D input"))
    }

    @Test func alignCornersOnlyWhenInterpolating() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Upsample(scaleFactor: 2, alignCorners: true)(Tensor.zeros([1, 2, 3, 3]))
        }
        #expect(Self.message(result).contains(
            "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"))
    }

    @Test func sizeOrScaleFactorNotBoth() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.interpolate(Tensor.zeros([1, 2, 3, 3]), size: [4, 4], scaleFactor: 2, mode: .bilinear)
        }
        #expect(Self.message(result).contains("only one of size or scale_factor should be defined"))
    }

    @Test func sizeHasOneEntryPerSpatialDimension() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.interpolate(Tensor.zeros([1, 2, 3, 3]), size: [4, 4, 4], mode: .bilinear)
        }
        #expect(Self.message(result).contains(
            "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [3, 3] and output size of [4, 4, 4]"))
    }
}
