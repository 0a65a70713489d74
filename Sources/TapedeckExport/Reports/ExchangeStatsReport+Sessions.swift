import TapedeckCore

extension ExchangeStatsReport {
    /// Figures over every exchange plus one group per session (key: the session id, groups in order of their
    /// first exchange), for `stats --by session`: which agent run was slow or failing.
    public static func bySession(_ exchanges: [RecordedExchange]) -> ExchangeStatsReport {
        var report = ExchangeStatsReport(exchanges: exchanges)
        var order: [String] = []
        var members: [String: [(summary: ExchangeSummary, figures: ExchangeFigures)]] = [:]
        let ordered = exchanges.sorted {
            ($0.summary.startedAtNanos, $0.summary.id) < ($1.summary.startedAtNanos, $1.summary.id)
        }
        for exchange in ordered {
            let key = exchange.summary.sessionID ?? "(no session)"
            if members[key] == nil { order.append(key) }
            members[key, default: []].append((exchange.summary, ExchangeFigures(exchange: exchange)))
        }
        report.groups = order.map { key in Group(key: key, stats: ExchangeStats(figures: members[key] ?? [])) }
        return report
    }
}
