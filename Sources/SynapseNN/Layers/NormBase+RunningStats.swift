extension NormBase {
    /// Resets the running statistics to their initial values (`reset_running_stats`): mean 0, variance 1, no
    /// batches tracked. Does nothing for a layer without running statistics.
    public func resetRunningStats() {
        noGrad {
            runningMean?.zero_()
            runningVar?.fill_(1.0)
            numBatchesTracked?.zero_()
        }
    }
}
