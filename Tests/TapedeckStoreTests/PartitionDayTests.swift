import Testing

@testable import TapedeckPostgres

/// The events' partition day: its text (the partition's name) and its number (what the binary COPY sends).
@Suite struct PartitionDayTests {
    @Test func aDaysTextAndItsNumberAgreeAcrossCenturiesAndLeapDays() {
        for days in stride(from: Int64(-700_000), through: 800_000, by: 997) + [0, -1, 10_957, 11_016, 19_782] {
            let text = CivilDate(daysSinceEpoch: days).text
            #expect(CivilDate.daysSinceEpoch(text: text) == days, "\(text)")
        }
        #expect(CivilDate(daysSinceEpoch: 10_957).text == "2000-01-01")
        #expect(CivilDate(daysSinceEpoch: 11_016).text == "2000-02-29")
        #expect(PostgresSchema.day(ofNanos: -1) == "1969-12-31")
    }
}
