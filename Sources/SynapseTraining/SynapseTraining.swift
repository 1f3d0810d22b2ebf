// SynapseTraining: what a person watches while a model trains — TensorBoard event files (`SummaryWriter`),
// a torchinfo-style `summary(model, inputShape:)`, a progress bar, and loss and accuracy curves as SVG.
@_exported import SynapseNN
@_exported import SynapseOptim
