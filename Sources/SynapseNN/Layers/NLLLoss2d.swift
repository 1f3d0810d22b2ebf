/// PyTorch's deprecated name for ``NLLLoss`` over `[N, C, H, W]` inputs (`torch.nn.NLLLoss2d`); the same loss.
open class NLLLoss2d: NLLLoss {}
