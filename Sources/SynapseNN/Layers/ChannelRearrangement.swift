/// Moves `r × r` blocks of channels into space (`torch.nn.PixelShuffle`): `[*, C·r², H, W]` → `[*, C, H·r, W·r]`.
open class PixelShuffle: Module {
    /// The factor `r` by which height and width grow.
    public let upscaleFactor: Int

    /// A layer growing height and width by `upscaleFactor`.
    public init(_ upscaleFactor: Int) {
        check(upscaleFactor > 0, "pixel_shuffle expects a positive upscale_factor, but got \(upscaleFactor)")
        self.upscaleFactor = upscaleFactor
        super.init()
    }

    /// ``Functional/pixelShuffle(_:upscaleFactor:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.pixelShuffle(input, upscaleFactor: upscaleFactor) }

    /// `upscale_factor=2`.
    open override var extraRepr: String { "upscale_factor=\(upscaleFactor)" }
}

/// Moves `r × r` blocks of space into channels (`torch.nn.PixelUnshuffle`): `[*, C, H·r, W·r]` → `[*, C·r², H, W]`.
open class PixelUnshuffle: Module {
    /// The factor `r` by which height and width shrink.
    public let downscaleFactor: Int

    /// A layer shrinking height and width by `downscaleFactor`.
    public init(_ downscaleFactor: Int) {
        check(downscaleFactor > 0, "pixel_unshuffle expects a positive downscale_factor, but got \(downscaleFactor)")
        self.downscaleFactor = downscaleFactor
        super.init()
    }

    /// ``Functional/pixelUnshuffle(_:downscaleFactor:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.pixelUnshuffle(input, downscaleFactor: downscaleFactor)
    }

    /// `downscale_factor=2`.
    open override var extraRepr: String { "downscale_factor=\(downscaleFactor)" }
}

/// Interleaves channel groups (`torch.nn.ChannelShuffle`): `[N, g·k, *]` viewed `[N, g, k, *]`, transposed to
/// `[N, k, g, *]`.
open class ChannelShuffle: Module {
    /// The number of groups `g`.
    public let groups: Int

    /// A layer shuffling channels in `groups` groups.
    public init(_ groups: Int) {
        check(groups > 0, "Number of groups to divide channels in must be positive. Value of groups:\(groups)")
        self.groups = groups
        super.init()
    }

    /// ``Functional/channelShuffle(_:groups:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.channelShuffle(input, groups: groups) }

    /// `groups=2`.
    open override var extraRepr: String { "groups=\(groups)" }
}

extension Functional {
    /// `F.pixel_shuffle`: `[*, C·r², H, W]` → `[*, C, H·r, W·r]`.
    public static func pixelShuffle(_ input: Tensor, upscaleFactor r: Int) -> Tensor {
        check(input.rank >= 3, "pixel_shuffle expects input to have at least 3 dimensions, but got input with \(input.rank) dimension(s)")
        let (channels, height, width) = (input.shape[input.rank - 3], input.shape[input.rank - 2], input.shape[input.rank - 1])
        check(channels % (r * r) == 0,
              "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=\(channels) is not divisible by \(r * r)")
        let batch = Array(input.shape.dropLast(3)), b = batch.count
        let blocks = input.reshape(batch + [channels / (r * r), r, r, height, width])
        return blocks.permute(Array(0..<b) + [b, b + 3, b + 1, b + 4, b + 2])
            .reshape(batch + [channels / (r * r), height * r, width * r])
    }

    /// `F.pixel_unshuffle`: `[*, C, H·r, W·r]` → `[*, C·r², H, W]`.
    public static func pixelUnshuffle(_ input: Tensor, downscaleFactor r: Int) -> Tensor {
        check(input.rank >= 3, "pixel_unshuffle expects input to have at least 3 dimensions, but got input with \(input.rank) dimension(s)")
        let (channels, height, width) = (input.shape[input.rank - 3], input.shape[input.rank - 2], input.shape[input.rank - 1])
        check(height % r == 0, "pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=\(height) is not divisible by \(r)")
        check(width % r == 0, "pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=\(width) is not divisible by \(r)")
        let batch = Array(input.shape.dropLast(3)), b = batch.count
        let blocks = input.reshape(batch + [channels, height / r, r, width / r, r])
        return blocks.permute(Array(0..<b) + [b, b + 2, b + 4, b + 1, b + 3])
            .reshape(batch + [channels * r * r, height / r, width / r])
    }

    /// `F.channel_shuffle` / `F.native_channel_shuffle`.
    public static func channelShuffle(_ input: Tensor, groups: Int) -> Tensor {
        check(input.rank > 2, "channel_shuffle expects input to have > 2 dims, but got input with sizes \(input.size())")
        let channels = input.shape[1]
        check(channels % groups == 0,
              "Number of channels must be divisible by groups. Got \(channels) channels and \(groups) groups.")
        let rest = Array(input.shape.dropFirst(2))
        return input.reshape([input.shape[0], groups, channels / groups] + rest).transpose(1, 2).reshape(input.shape)
    }
}
