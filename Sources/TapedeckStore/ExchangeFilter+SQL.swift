import GRDB
import TapedeckCore

extension ExchangeFilter {
    /// The filter as an SQL `WHERE` clause (empty when it matches everything) with its arguments.
    var whereClause: (sql: String, arguments: StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        var outcomeSet = outcomes ?? Set(ExchangeOutcome.allCases)
        if failuresOnly { outcomeSet = outcomeSet.filter(\.isFailure) }
        if outcomes != nil || failuresOnly {
            let sorted = outcomeSet.map(\.rawValue).sorted()
            if sorted.isEmpty {
                conditions.append("0")
            } else {
                conditions.append("outcome IN (\(databaseQuestionMarks(count: sorted.count)))")
                arguments += StatementArguments(sorted)
            }
        }
        if let model, !model.isEmpty {
            conditions.append("instr(lower(model), lower(?)) > 0")
            arguments += [model]
        }
        if let sinceNanos {
            conditions.append("started_at_ns >= ?")
            arguments += [sinceNanos]
        }
        if let untilNanos {
            conditions.append("started_at_ns < ?")
            arguments += [untilNanos]
        }
        if let path {
            conditions.append("path = ?")
            arguments += [path]
        }
        if let ids {
            if ids.isEmpty {
                conditions.append("0")
            } else {
                conditions.append("id IN (\(databaseQuestionMarks(count: ids.count)))")
                arguments += StatementArguments(ids)
            }
        }
        let sql = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return (sql, arguments)
    }

    /// `ORDER BY` and `LIMIT` for this filter.
    var orderAndLimit: String {
        let direction = order == .newestFirst ? "DESC" : "ASC"
        var sql = " ORDER BY started_at_ns \(direction), id \(direction)"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return sql
    }
}
