import PostgresNIO
import TapedeckCore
import TapedeckStore

/// An `ExchangeFilter` as a WHERE clause with bound parameters: the same reading of a filter as SQLite's.
struct PostgresFilter {
    /// The SQL condition (`TRUE` when the filter keeps everything).
    var condition = "TRUE"
    /// Its parameters, `$1` onwards.
    var binds = PostgresBindings()

    /// The condition `filter` means over `exchanges`.
    init(_ filter: ExchangeFilter) {
        var parts: [String] = []
        if filter.outcomes != nil || filter.failuresOnly {
            var outcomes = filter.outcomes ?? Set(ExchangeOutcome.allCases)
            if filter.failuresOnly { outcomes = outcomes.filter(\.isFailure) }
            parts.append("outcome = ANY(\(bind(outcomes.map(\.rawValue).sorted()))::text[])")
        }
        if let model = filter.model, !model.isEmpty {
            parts.append("strpos(lower(model), lower(\(bind(model)))) > 0")
        }
        if let since = filter.sinceNanos { parts.append("started_at_ns >= \(bind(since))") }
        if let until = filter.untilNanos { parts.append("started_at_ns < \(bind(until))") }
        if let path = filter.path { parts.append("path = \(bind(path))") }
        if let ids = filter.ids { parts.append("id = ANY(\(bind(ids))::text[])") }
        if !parts.isEmpty { condition = parts.joined(separator: " AND ") }
    }

    /// Binds `value` and returns its placeholder.
    private mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// `ORDER BY` for a listing in `order`.
    static func orderBy(_ order: ExchangeFilter.Order) -> String {
        order == .newestFirst ? "started_at_ns DESC, id DESC" : "started_at_ns ASC, id ASC"
    }

    /// `LIMIT n`, or nothing.
    static func limit(_ limit: Int?) -> String {
        limit.map { " LIMIT \(max(0, $0))" } ?? ""
    }

    /// `sql` with this filter's parameters.
    func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
