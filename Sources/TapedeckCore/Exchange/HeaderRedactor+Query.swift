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
            let name = Self.percentDecoded(parameter[..<equals])
            let value = Self.percentDecoded(parameter[parameter.index(after: equals)...])
            guard isSecret(name), !Self.isMarker(value) else { return String(parameter) }
            return String(parameter[..<equals]) + "=" + Self.marker(for: value)
        }
        return parameters.joined(separator: "&")
    }

    /// Form-style decoding of a query name or value (`+` is a space, `%XX` a byte), for matching only.
    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), input.count >= 2,
                let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
