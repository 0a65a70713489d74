import TapedeckCore

extension RecordedExchange {
    /// The digest a request that continues this exchange starts with (its conversation plus its answer), what a
    /// copied or imported exchange stores so recorders find it; nil without a conversation or an answer.
    package var continuationDigest: ConversationDigest? {
        guard let conversation = RequestConversation(body: try? JSONValue.parse(bytes: summary.requestBody)),
            let answer = ExchangeAssembly.answerContent(self)
        else { return nil }
        return conversation.continuation(withAnswer: answer)
    }
}

extension StoreTransaction {
    /// Stores the continuation digest of `exchange`, copied whole into a session (an import, a push), when it
    /// has ended with an answer; exchanges grouped on arrival get theirs from the grouping.
    package func storeContinuation(of exchange: RecordedExchange) throws {
        guard exchange.summary.outcome != .inProgress, let digest = exchange.continuationDigest else { return }
        try setContinuation(exchange.summary.id, digest: digest)
    }
}
