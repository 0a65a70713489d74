import GRDB
import TapedeckCore

extension QueryInterfaceRequest<ExchangeRecord> {
    /// The exchanges `filter` keeps (outcome, model, time, path, ids), composed with GRDB's query interface so
    /// listing, counting and the session queries share one reading of a filter.
    func matching(_ filter: ExchangeFilter) -> Self {
        var request = self
        if filter.outcomes != nil || filter.failuresOnly {
            var outcomes = filter.outcomes ?? Set(ExchangeOutcome.allCases)
            if filter.failuresOnly { outcomes = outcomes.filter(\.isFailure) }
            request = request.filter(outcomes.map(\.rawValue).sorted().contains(ExchangeRecord.Columns.outcome))
        }
        if let model = filter.model, !model.isEmpty {
            request = request.filter(sql: "instr(lower(model), lower(?)) > 0", arguments: [model])
        }
        if let since = filter.sinceNanos { request = request.filter(ExchangeRecord.Columns.startedAtNs >= since) }
        if let until = filter.untilNanos { request = request.filter(ExchangeRecord.Columns.startedAtNs < until) }
        if let path = filter.path { request = request.filter(ExchangeRecord.Columns.path == path) }
        if let ids = filter.ids { request = request.filter(ids.contains(ExchangeRecord.Columns.id)) }
        return request
    }

    /// Ordered by start time (then id, so equal times list the same way every time) in the filter's direction.
    func ordered(_ order: ExchangeFilter.Order) -> Self {
        switch order {
        case .newestFirst: self.order(ExchangeRecord.Columns.startedAtNs.desc, ExchangeRecord.Columns.id.desc)
        case .oldestFirst: self.order(ExchangeRecord.Columns.startedAtNs.asc, ExchangeRecord.Columns.id.asc)
        }
    }
}

extension QueryInterfaceRequest {
    /// At most `limit` rows; nil keeps them all.
    func limited(_ limit: Int?) -> Self {
        limit.map { self.limit(max(0, $0)) } ?? self
    }
}
