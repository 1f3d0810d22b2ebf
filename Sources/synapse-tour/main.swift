// A short walk through Synapse's tensors. A later issue turns this into the full tour of the seeds.
import Synapse

let x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print("x =", x.toArray(of: Float.self), "shape", x.shape)

let xt = x.t()
xt[0, 1] = 42
print("after x.t()[0, 1] = 42, x =", x.toArray(of: Float.self))

x[...] += 1
print("after x[...] += 1, x =", x.toArray(of: Float.self))
print("x + [10, 20, 30] =", (x + Tensor([10.0, 20.0, 30.0])).toArray(of: Float.self))
print("x.sum(dim: 0) =", x.sum(dim: 0).toArray(of: Float.self), " x.mean() =", x.mean().item())
print("x[x .> 5] =", x[x .> 5].toArray(of: Float.self))
