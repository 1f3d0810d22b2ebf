// SynapseIO: safetensors and PyTorch .pt checkpoints; re-exports the layers it reads into and writes from.
@_exported import SynapseNN
@_exported import SynapseOptim
