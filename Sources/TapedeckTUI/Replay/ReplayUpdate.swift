import TapedeckCore

/// The replayer's pure state transition: a key, a tick, a resize or a page of events gives the next state.
public func update(_ state: ReplayState, _ message: ReplayMessage) -> ReplayState {
    var next = state
    switch message {
    case .tick(let now):
        if next.timeline.tick(nowNanos: now), next.timeline.isPlaying { next.followCursor() }
    case .resize(let width, let height):
        next.width = max(0, width)
        next.height = max(0, height)
    case .key(let key):
        applyKey(key, to: &next)
    case .eventsLoaded(let events, let isLast):
        guard next.isLoadingEvents else { break }
        next.timeline.append(events)
        guard isLast else { break }
        next.timeline.finishLoading()
        if next.goesToEndWhenLoaded {
            next.goesToEndWhenLoaded = false
            next.timeline.seekToEnd()
            next.followCursor()
        }
    case .eventLoadFailed(let reason):
        guard next.isLoadingEvents else { break }
        next.loadFailure = reason
        next.goesToEndWhenLoaded = false
    }
    return next
}

/// Key bindings; navigation pauses playback and makes the panes follow the cursor again.
private func applyKey(_ key: TerminalKey, to state: inout ReplayState) {
    state.notice = nil
    func navigate(_ move: (inout Timeline) -> Void) {
        state.goesToEndWhenLoaded = false
        state.timeline.pause()
        move(&state.timeline)
        state.followCursor()
    }
    switch key {
    case .character("q"), .character("Q"), .interrupt:
        state.shouldQuit = true
    case .escape:
        state.overlay = nil
    case .character(" "):
        state.timeline.togglePlaying()
        if state.timeline.isPlaying { state.followCursor() }
    case .right, .character("l"):
        let before = state.timeline.position
        navigate { $0.stepForward() }
        if state.timeline.position == before { state.notice = notLoadedNotice(state, "event") }
    case .left, .character("h"): navigate { $0.stepBackward() }
    case .character("]"):
        let before = state.timeline.position
        navigate { $0.nextBlockBoundary() }
        if state.timeline.position == before { state.notice = notLoadedNotice(state, "block start or stop") }
    case .character("["): navigate { $0.previousBlockBoundary() }
    case .character("g"), .home: navigate { $0.seekToStart() }
    case .character("G"), .end:
        navigate { $0.seekToEnd() }
        state.goesToEndWhenLoaded = state.isLoadingEvents
    case .character("e"):
        var found = true
        navigate { found = $0.nextAnomaly() }
        if !found { state.notice = notLoadedNotice(state, "anomaly") ?? "no later anomaly in this exchange" }
    case .character("E"):
        var found = true
        navigate { found = $0.previousAnomaly() }
        if !found { state.notice = "no earlier anomaly in this exchange" }
    case .character("+"), .character("="): state.timeline.faster()
    case .character("-"), .character("_"): state.timeline.slower()
    case .character("0"): state.timeline.originalSpeed()
    case .tab: state.focus = state.focus.next
    case .backTab: state.focus = state.focus.previous
    case .character("r"): toggle(.raw, in: &state)
    case .character("d"): toggle(.diagnostics, in: &state)
    case .character("?"): toggle(.help, in: &state)
    case .up, .character("k"): scroll(&state, by: 1)
    case .down, .character("j"): scroll(&state, by: -1)
    case .pageUp: scroll(&state, by: ReplayView.pageSize(state))
    case .pageDown: scroll(&state, by: -ReplayView.pageSize(state))
    default: break
    }
}

/// What a move forward that found nothing says while the events after the loaded ones are not in: nil when
/// every event is loaded (the move simply had nowhere to go).
private func notLoadedNotice(_ state: ReplayState, _ what: String) -> String? {
    guard !state.timeline.isLoaded else { return nil }
    let loaded = DisplayFormat.count(state.timeline.eventCount)
    if state.loadFailure != nil { return "no later \(what) in the \(loaded) events read before loading failed" }
    return "no later \(what) loaded yet (\(loaded) events so far)"
}

private func toggle(_ overlay: ReplayOverlay, in state: inout ReplayState) {
    state.overlay = state.overlay == overlay ? nil : overlay
    state.overlayScroll = 0
}

/// Scrolls the overlay when one is open, else the focused pane; `lines` > 0 goes back (up).
private func scroll(_ state: inout ReplayState, by lines: Int) {
    if state.overlay != nil {
        let limit = ReplayView.overlayMaxScroll(state)
        state.overlayScroll = min(limit, max(0, state.overlayScroll - lines))
        return
    }
    let pane = state.focus
    let limit = ReplayView.maxScrollBack(state, pane: pane)
    state.scrollBack[pane] = min(limit, max(0, state.scrollBack(of: pane) + lines))
}
