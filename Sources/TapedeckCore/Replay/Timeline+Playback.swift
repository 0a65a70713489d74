extension Timeline {
    /// Starts the clock; at the end of the stream it starts again from the beginning (at the end of what is
    /// loaded so far it waits for the next events instead).
    public mutating func play() {
        if isLoaded && position >= eventCount && clockNanos >= totalVirtualNanos { seek(toPosition: 0) }
        isPlaying = eventCount > 0 || !isLoaded
        ticks.reset()
    }

    /// Stops the clock where it is.
    public mutating func pause() {
        isPlaying = false
        ticks.reset()
    }

    /// Play or pause.
    public mutating func togglePlaying() {
        if isPlaying { pause() } else { play() }
    }

    /// Sets the clock rate, clamped to 0.1×–100×.
    public mutating func setSpeed(_ newSpeed: Double) {
        speed = PlaybackSpeed.clamped(newSpeed)
    }

    /// One speed step faster.
    public mutating func faster() { speed = PlaybackSpeed.faster(than: speed) }

    /// One speed step slower.
    public mutating func slower() { speed = PlaybackSpeed.slower(than: speed) }

    /// Back to the original timing.
    public mutating func originalSpeed() { speed = 1 }

    /// Advances the clock by the wall time since the previous tick (scaled by `speed`) and
    /// applies every event that became due, so nothing is skipped at high speed; pauses at
    /// the end. While events are still loading, the clock waits at the last loaded event instead
    /// of pausing. `nowNanos` is a monotonic wall clock. Returns whether the cursor or the
    /// playing state changed.
    @discardableResult
    public mutating func tick(nowNanos: UInt64) -> Bool {
        guard isPlaying else { return false }
        guard let elapsed = ticks.elapsed(nowNanos: nowNanos) else { return false }
        let advance = Double(elapsed) * speed
        clockNanos += advance >= Double(Int64.max / 2) ? Int64.max / 2 : Int64(advance)
        let count = eventCount
        var target = position
        if target < count, virtualOffsets[target] <= clockNanos {
            var low = target
            var high = count
            while low < high {
                let middle = (low + high) / 2
                if virtualOffsets[middle] <= clockNanos { low = middle + 1 } else { high = middle }
            }
            target = low
        }
        let moved = target != position
        if moved { moveCursor(to: target) }
        if position >= count && clockNanos >= totalVirtualNanos {
            clockNanos = totalVirtualNanos
            guard isLoaded else { return moved }
            isPlaying = false
            ticks.reset()
            return true
        }
        return moved
    }
}
