import Synapse

let x = Tensor([[1.0, 2.0], [3.0, 4.0]])
print(x.shape)
