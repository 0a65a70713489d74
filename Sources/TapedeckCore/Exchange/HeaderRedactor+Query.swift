/// Query strings carry keys too (`?key=`, `?api_key=`): the same rule as for headers, applied to
/// each parameter's decoded name, so a key in a URL never reaches disk either.
extension HeaderRedactor {
    /// `query` with every secret parameter's value replaced by its marker; everything else, the order and
    /// the separators are kept byte for byte. Values that are already markers are kept (idempotent);
    /// the fingerprint is of the decoded value, so a key gets the same one in a header and in a query.
    public func redactQuery(_ query: String?) -> String? {
        guard let query, !query.isEmpty else { return query }
        let parameters = query.split(separator: "&", omittingEmptySubsequences: false).map { parameter in
            guard let equals = parameter.firstIndex(of: "=") else { return String(parameter) }
            let name = QueryComponent.decoded(parameter[..<equals])
            let value = QueryComponent.decoded(parameter[parameter.index(after: equals)...])
            guard isSecret(name), !Self.isMarker(value) else { return String(parameter) }
            return String(parameter[..<equals]) + "=" + Self.marker(for: value)
        }
        return parameters.joined(separator: "&")
    }
}
