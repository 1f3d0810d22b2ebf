import Testing

/// The standard error a child process of an exit test wrote (empty when the expectation failed).
func standardError(of result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}
