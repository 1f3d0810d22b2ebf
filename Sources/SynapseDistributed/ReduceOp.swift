/// How a reduction combines the ranks' values (`torch.distributed.ReduceOp`).
///
/// float16 and bfloat16 tensors are reduced in float32 (converted, reduced, divided for ``avg``, rounded back once).
/// `bool` tensors reduce logically: ``sum`` and ``max`` are "any", ``product`` and ``min`` are "all". ``avg`` is for
/// floating-point tensors only, as with Gloo.
public enum ReduceOp: String, Sendable, CaseIterable {
    /// The sum over ranks (`ReduceOp.SUM`).
    case sum
    /// The mean over ranks (`ReduceOp.AVG`): the sum divided by the world size.
    case avg
    /// The product over ranks (`ReduceOp.PRODUCT`).
    case product
    /// The minimum over ranks (`ReduceOp.MIN`).
    case min
    /// The maximum over ranks (`ReduceOp.MAX`).
    case max
}
