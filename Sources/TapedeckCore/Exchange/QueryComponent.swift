/// One name or value of a URL query as a person means it: the redactor matches secret names on it and the HAR
/// export lists it, so both read a query the same way.
public enum QueryComponent {
    /// Form-style decoding (`+` is a space, `%XX` a byte); malformed escapes are kept as they are.
    public static func decoded(_ text: some StringProtocol) -> String {
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
