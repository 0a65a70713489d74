extension Timeline {
    /// Puts the cursor after `position` events and the clock at that event's arrival.
    public mutating func seek(toPosition target: Int) {
        moveCursor(to: target)
        clockNanos = virtualTime(atPosition: position)
        ticks.reset()
    }

    /// Puts the cursor on the last event that had arrived at `nanos` (original time).
    public mutating func seek(toOriginalNanos nanos: Int64) {
        let events = exchange.events
        var low = 0
        var high = events.count
        while low < high {
            let middle = (low + high) / 2
            if events[middle].offsetNanos <= nanos { low = middle + 1 } else { high = middle }
        }
        seek(toPosition: low)
        if low > 0 {
            let extra = nanos - events[low - 1].offsetNanos
            let capped = maxIdleNanos.map { min(extra, $0) } ?? extra
            let next = low < events.count ? virtualOffsets[low] : totalVirtualNanos
            clockNanos = min(clockNanos + max(0, capped), next)
        }
    }

    /// One event forward.
    public mutating func stepForward() { seek(toPosition: position + 1) }

    /// One event back.
    public mutating func stepBackward() { seek(toPosition: position - 1) }

    /// Before the first event.
    public mutating func seekToStart() { seek(toPosition: 0) }

    /// After the last event.
    public mutating func seekToEnd() { seek(toPosition: eventCount) }

    /// The next content_block_start/stop after the cursor; stays when there is none.
    public mutating func nextBlockBoundary() {
        if let next = blockBoundaries.first(where: { $0 > position }) { seek(toPosition: next) }
    }

    /// The previous content_block_start/stop before the cursor; the start when there is none.
    public mutating func previousBlockBoundary() {
        seek(toPosition: blockBoundaries.last(where: { $0 < position }) ?? 0)
    }

    /// The next anomaly after the cursor; stays when there is none.
    /// Returns false when there is none (the view says so instead of doing nothing).
    @discardableResult
    public mutating func nextAnomaly() -> Bool {
        guard let next = anomalies.first(where: { $0.position > position }) else { return false }
        seek(toPosition: next.position)
        return true
    }

    /// The previous anomaly before the cursor; stays when there is none.
    /// Returns false when there is none.
    @discardableResult
    public mutating func previousAnomaly() -> Bool {
        guard let previous = anomalies.last(where: { $0.position < position }) else { return false }
        seek(toPosition: previous.position)
        return true
    }

    /// Anomalies at the cursor position.
    public var anomaliesAtCursor: [TimelineAnomaly] {
        anomalies.filter { $0.position == position }
    }
}

extension Timeline {
    /// Number of events that have arrived by `nanos` on the virtual clock (for density strips).
    public func position(atVirtualNanos nanos: Int64) -> Int {
        var low = 0
        var high = virtualOffsets.count
        while low < high {
            let middle = (low + high) / 2
            if virtualOffsets[middle] <= nanos { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
