import Synapse

let x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(x.shape, x.dtype, x.toArray(of: Float.self))
let y = x.t()
print(y.shape, y.strides, y.toArray(of: Float.self))
y[0, 1] = 42
print(x.toArray(of: Float.self))
x[...] += 1
print(x.toArray(of: Float.self))
print((x + Tensor([10.0, 20.0, 30.0])).toArray(of: Float.self))
print(x.sum().item(), x.sum(dim: 0).toArray(of: Float.self), x.mean(dim: 1, keepdim: true).shape)
print(x[x .> 5].toArray(of: Float.self))
x[x .> 5] = 0
print(x.toArray(of: Float.self))
let i = Tensor([1, 0])
print(x[i].toArray(of: Float.self), x[.all, Tensor([2, 0])].toArray(of: Float.self))
print(x.max(dim: 1).indices.toArray(of: Int64.self), x.argmax().item())
print(Tensor.arange(10).view(2, 5)[1, 1...].toArray(of: Int.self))
print(Tensor.cat([x, x], dim: 1).shape, Tensor.stack([x, x]).shape)
print((Tensor([1, 2, 3]) / 2).dtype, (Tensor([1, 2, 3]) * 2).toArray(of: Int.self), (Tensor([1,2]) + 0.5).toArray(of: Float.self))
print(x.variance().item(), x.std(dim: 0).toArray(of: Float.self), x.norm().item(), x.logsumexp(dim: 1).toArray(of: Float.self))
let z = Tensor.zeros([3, 4, 5])
print(z[Tensor([0, 2]), .all, Tensor([1, 3])].shape, z[.all, Tensor([0, 2]), Tensor([1, 3])].shape, z[.newAxis, .ellipsis, 0].shape)
