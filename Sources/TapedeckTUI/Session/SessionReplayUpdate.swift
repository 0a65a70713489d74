import TapedeckCore

/// The session view's pure state transition: a key, a tick or a resize gives the next state.
public func update(_ state: SessionReplayState, _ message: ReplayMessage) -> SessionReplayState {
    var next = state
    switch message {
    case .tick(let now):
        if next.showsExchange {
            next.adopt(update(next.exchangeState, .tick(nowNanos: now)))
        } else {
            let turn = next.session.turnIndex
            if next.session.tick(nowNanos: now), next.session.isPlaying { next.followCursor() }
            if turn != next.session.turnIndex { next.requestScroll = 0 }
        }
    case .resize(let width, let height):
        next.width = max(0, width)
        next.height = max(0, height)
    case .key(let key):
        if next.showsExchange {
            applyExchangeKey(key, to: &next)
        } else {
            applySessionKey(key, to: &next)
        }
    case .eventsLoaded, .eventLoadFailed:
        break  // a session is loaded whole before it shows
    }
    return next
}

/// Keys of the full-screen exchange view: the exchange view's own, except the ways back to the session.
private func applyExchangeKey(_ key: TerminalKey, to state: inout SessionReplayState) {
    switch key {
    case .character("x"), .character("q"):
        if state.overlay != nil && key == .character("q") {
            state.overlay = nil
        } else {
            state.session.pause()
            state.showsExchange = false
        }
    case .character("Q"), .interrupt:
        state.exit = .quit
    default:
        state.adopt(update(state.exchangeState, .key(key)))
    }
}

/// Key bindings of the session view; navigation pauses playback and makes the panes follow the cursor again.
private func applySessionKey(_ key: TerminalKey, to state: inout SessionReplayState) {
    state.notice = nil
    func navigate(_ move: (inout SessionTimeline) -> Void) {
        let turn = state.session.turnIndex
        move(&state.session)
        state.followCursor()
        if turn != state.session.turnIndex { state.requestScroll = 0 }
    }
    func step(_ move: @escaping (inout Timeline) -> Void) {
        navigate { $0.withTimeline(move) }
    }
    switch key {
    case .character("q"):
        if state.overlay != nil {
            state.overlay = nil
        } else {
            state.exit = state.openedFromPicker ? .backToPicker : .quit
        }
    case .character("Q"), .interrupt:
        state.exit = .quit
    case .escape:
        state.overlay = nil
    case .character(" "):
        navigate { $0.togglePlaying() }
    case .character("n"): navigate { $0.nextTurn() }
    case .character("p"): navigate { $0.previousTurn() }
    case .right, .character("l"): step { $0.stepForward() }
    case .left, .character("h"): step { $0.stepBackward() }
    case .character("]"): step { $0.nextBlockBoundary() }
    case .character("["): step { $0.previousBlockBoundary() }
    case .character("g"), .home: step { $0.seekToStart() }
    case .character("G"), .end: step { $0.seekToEnd() }
    case .character("e"):
        var found = true
        navigate { found = $0.nextAnomaly() }
        if !found { state.notice = "no later anomaly in this session" }
    case .character("E"):
        var found = true
        navigate { found = $0.previousAnomaly() }
        if !found { state.notice = "no earlier anomaly in this session" }
    case .character("+"), .character("="): state.session.faster()
    case .character("-"), .character("_"): state.session.slower()
    case .character("0"): state.session.originalSpeed()
    case .tab: state.focus = state.focus.next(requestShown: state.showsRequest)
    case .backTab: state.focus = state.focus.previous(requestShown: state.showsRequest)
    case .enter: state.focus = state.focus == .turns ? .pane(.text) : .turns
    case .character("i"):
        state.showsRequest.toggle()
        state.requestScroll = 0
        if !state.showsRequest && state.focus == .request { state.focus = .turns }
    case .character("s"):
        state.showsRequestContext.toggle()
        state.showsRequest = true
        state.requestScroll = 0
    case .character("x"):
        state.session.pause()
        state.overlay = nil
        state.showsExchange = true
        if state.focus == .turns || state.focus == .request { state.focus = .pane(.text) }
    case .character("r"): toggle(.raw, in: &state)
    case .character("d"): toggle(.diagnostics, in: &state)
    case .character("?"): toggle(.help, in: &state)
    case .up, .character("k"): scroll(&state, by: 1)
    case .down, .character("j"): scroll(&state, by: -1)
    case .pageUp: scroll(&state, by: SessionReplayView.pageSize(state))
    case .pageDown: scroll(&state, by: -SessionReplayView.pageSize(state))
    default: break
    }
}

private func toggle(_ overlay: ReplayOverlay, in state: inout SessionReplayState) {
    state.overlay = state.overlay == overlay ? nil : overlay
    state.overlayScroll = 0
}

/// Moves through the turn list, or scrolls the overlay, the Request pane or the focused stream pane; `lines` > 0
/// goes up.
private func scroll(_ state: inout SessionReplayState, by lines: Int) {
    if state.overlay != nil {
        let limit = SessionReplayView.overlayMaxScroll(state)
        state.overlayScroll = min(limit, max(0, state.overlayScroll - lines))
        return
    }
    switch state.focus {
    case .turns:
        let turn = state.session.turnIndex
        state.session.pause()
        state.session.select(turn: turn - lines)
        state.followCursor()
        if turn != state.session.turnIndex { state.requestScroll = 0 }
    case .request:
        let limit = SessionReplayView.maxRequestScroll(state)
        state.requestScroll = min(limit, max(0, state.requestScroll - lines))
    case .pane(let pane):
        let limit = SessionReplayView.maxScrollBack(state, pane: pane)
        state.scrollBack[pane] = min(limit, max(0, state.scrollBack(of: pane) + lines))
    }
}
