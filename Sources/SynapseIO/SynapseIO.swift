// SynapseIO: safetensors checkpoints; re-exports the module layer it reads into and writes from.
@_exported import SynapseNN
