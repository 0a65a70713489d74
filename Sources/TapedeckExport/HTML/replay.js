// tapedeck replay page. Plays the data that `tapedeck export --format html` wrote: for every event, the edits
// that bring the panes to the state after that event (computed by tapedeck's own assembler). This script only
// applies edits, keeps a clock, and draws; it never assembles a message itself. No dependencies, no network.
(function () {
  'use strict';

  var scriptStart = performance.now();

  var data = JSON.parse(document.getElementById('tapedeck-data').textContent);
  var PANES = ['thinking', 'text', 'tools'];
  var SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100];
  var KEYFRAME = 256;
  var TICK = 16;
  var $ = function (id) { return document.getElementById(id); };

  // ---------- formatting (the terminal replayer's words) ----------

  function seconds(nanos) {
    nanos = Math.max(0, nanos);
    if (nanos >= 60e9) {
      var tenths = Math.floor(nanos / 1e8), rest = tenths % 600, secs = Math.floor(rest / 10);
      return Math.floor(tenths / 600) + 'm' + (secs < 10 ? '0' : '') + secs + '.' + (rest % 10) + 's';
    }
    var hundredths = Math.round(nanos / 1e7), fraction = hundredths % 100;
    return Math.floor(hundredths / 100) + '.' + (fraction < 10 ? '0' : '') + fraction + 's';
  }

  function speedLabel(speed) {
    if (speed === Math.round(speed)) return speed + '×';
    return speed.toFixed(2).replace(/0+$/, '') + '×';
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---------- a turn: events, virtual clock, pane states ----------

  function Turn(raw, index) {
    var x = raw.exchange;
    this.index = index;
    this.raw = raw;
    this.x = x;
    this.count = x.at.length;
    this.frames = [];
    this.setMaxIdle(0);
  }

  // Arrival times with every silence capped at maxIdle seconds (0: none), like Timeline.
  Turn.prototype.setMaxIdle = function (maxIdle) {
    var cap = maxIdle > 0 ? maxIdle * 1e9 : Infinity, virtual = 0, previous = 0, at = this.x.at;
    this.virtual = new Array(at.length);
    for (var i = 0; i < at.length; i++) {
      virtual += Math.min(Math.max(0, at[i] - previous), cap);
      this.virtual[i] = virtual;
      previous = Math.max(previous, at[i]);
    }
    this.total = at.length ? this.virtual[at.length - 1] : 0;
  };

  Turn.prototype.virtualAt = function (position) {
    return position > 0 ? this.virtual[Math.min(position, this.count) - 1] : 0;
  };

  // Events that have arrived by `nanos` on the virtual clock.
  Turn.prototype.positionAt = function (nanos) {
    var low = 0, high = this.count;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (this.virtual[middle] <= nanos) low = middle + 1; else high = middle;
    }
    return low;
  };

  function cloneSlots(slots) {
    var copy = {};
    for (var key in slots) copy[key] = slots[key].map(function (item) { return item.slice(); });
    return copy;
  }

  function applyEdit(slots, edit) {
    if (Array.isArray(edit[1])) {
      slots[edit[0]] = edit[1].map(function (item) { return item.slice(); });
      return;
    }
    var item = slots[edit[0]][edit[1]], keep = edit[2];
    item[2] = (keep === item[2].length ? item[2] : item[2].slice(0, keep)) + edit[3];
  }

  // The pane state after `position` events: from the current state when ahead, else from a keyframe.
  Turn.prototype.stateAt = function (position, from) {
    var slots, at;
    if (from && from.position <= position && position - from.position <= KEYFRAME) {
      slots = from.slots; at = from.position;
    } else {
      var frame = Math.min(Math.floor(position / KEYFRAME), this.frames.length - 1);
      if (frame < 0) {
        slots = {}; at = 0;
        this.x.start.forEach(function (edit) { applyEdit(slots, edit); });
        this.frames[0] = cloneSlots(slots);
      } else {
        slots = cloneSlots(this.frames[frame]); at = frame * KEYFRAME;
      }
    }
    while (at < position) {
      var edits = this.x.edits[at];
      for (var i = 0; i < edits.length; i++) applyEdit(slots, edits[i]);
      at++;
      if (at % KEYFRAME === 0 && this.frames.length === at / KEYFRAME) this.frames.push(cloneSlots(slots));
    }
    return { position: position, slots: slots };
  };

  // Items of each pane in block order (the message's own lines last).
  function paneItems(slots) {
    var keys = Object.keys(slots).map(Number).filter(function (k) { return k >= 0; }).sort(function (a, b) { return a - b; });
    if (slots[-1]) keys.push(-1);
    var panes = [[], [], []];
    keys.forEach(function (key) {
      slots[key].forEach(function (item) { panes[item[0]].push(item); });
    });
    return panes;
  }

  Turn.prototype.usageAt = function (position) {
    var usage = this.x.usage, found = usage[0];
    for (var i = 1; i < usage.length && usage[i][0] <= position; i++) found = usage[i];
    return found;
  };

  // Anomalies e / E stop at: the session's (a retry, a failure) and the stream's, by position.
  Turn.prototype.stops = function () {
    if (this._stops) return this._stops;
    var list = (this.raw.turnAnomalies || []).concat(this.x.anomalies);
    list = list.map(function (a, i) { return { a: a, i: i }; });
    list.sort(function (p, q) { return p.a[0] - q.a[0] || p.i - q.i; });
    return (this._stops = list.map(function (p) { return p.a; }));
  };

  var turns = data.turns.map(function (raw, index) { return new Turn(raw, index); });
  var isSession = data.kind === 'session';

  // ---------- the viewer's state ----------

  var view = {
    turn: turns[0], position: 0, state: null, playing: false, speed: 1, maxIdle: 0,
    clock: 0, lastFrame: null, box: null, request: false, context: false, follow: [true, true, true]
  };

  function select(index, position) {
    index = Math.max(0, Math.min(turns.length - 1, index));
    var turn = turns[index];
    if (turn !== view.turn) {
      turn.setMaxIdle(view.maxIdle);
      view.turn = turn;
      view.state = null;
      drawStrip();
      drawTurnList();
      drawRequest();
    }
    seek(position === undefined || position === null ? turn.count : position);
  }

  // Moves the cursor after `position` events, the clock to that event's arrival.
  function seek(position) {
    moveCursor(position);
    view.clock = view.turn.virtualAt(view.position);
  }

  function moveCursor(position) {
    var turn = view.turn;
    position = Math.max(0, Math.min(turn.count, position));
    view.state = turn.stateAt(position, view.state);
    view.position = position;
  }

  // Stepping, jumping and seeking pause playback and make every pane follow the cursor again.
  function navigate(move) {
    pause();
    move();
    view.follow = [true, true, true];
    draw();
    writeHash();
  }

  function nextAnomaly() {
    var position = view.position, index = view.turn.index;
    var here = view.turn.stops().filter(function (a) { return a[0] > position; })[0];
    if (here) return seek(here[0]);
    for (var i = index + 1; i < turns.length; i++) {
      var first = turns[i].stops()[0];
      if (first) return select(i, first[0]);
    }
  }

  function previousAnomaly() {
    var position = view.position, index = view.turn.index;
    var before = view.turn.stops().filter(function (a) { return a[0] < position; }).pop();
    if (before) return seek(before[0]);
    for (var i = index - 1; i >= 0; i--) {
      var last = turns[i].stops().slice(-1)[0];
      if (last) return select(i, last[0]);
    }
  }

  function boundary(forward) {
    var bounds = view.turn.x.bounds, position = view.position;
    if (forward) {
      var next = bounds.filter(function (b) { return b > position; })[0];
      if (next !== undefined) seek(next);
    } else {
      var previous = bounds.filter(function (b) { return b < position; }).pop();
      seek(previous === undefined ? 0 : previous);
    }
  }

  // ---------- playback on the original (idle-capped) clock, turn after turn ----------

  function leadBefore(index) {
    if (index <= 0) return 0;
    var gap = turns[index].raw.gap || 0;
    return view.maxIdle > 0 ? Math.min(gap, view.maxIdle * 1e9) : gap;
  }

  function atEnd() { return view.position >= view.turn.count && view.clock >= view.turn.total; }

  function play() {
    if (atEnd()) {
      if (view.turn.index + 1 < turns.length && isSession) enterTurn(view.turn.index + 1);
      else select(isSession ? 0 : view.turn.index, 0);
    }
    view.playing = true;
    view.lastFrame = null;
    view.follow = [true, true, true];
    setTimeout(frame, 0);
  }

  function pause() {
    if (!view.playing) return;
    view.playing = false;
    writeHash();
  }

  function enterTurn(index) {
    select(index, 0);
    view.clock = -leadBefore(index);
  }

  // A timer rather than animation frames: the clock is the same, and it keeps time where frames are not drawn.
  function frame() {
    if (!view.playing) return;
    var now = performance.now();
    if (view.lastFrame === null) { view.lastFrame = now; setTimeout(frame, TICK); return; }
    var budget = (now - view.lastFrame) * 1e6 * view.speed;
    view.lastFrame = now;
    for (;;) {
      var turn = view.turn;
      view.clock += budget;
      var target = turn.positionAt(view.clock);
      if (target > view.position) moveCursor(target);
      if (!(view.position >= turn.count && view.clock >= turn.total)) break;
      budget = view.clock - turn.total;
      view.clock = turn.total;
      if (!isSession || turn.index + 1 >= turns.length) { view.playing = false; writeHash(); break; }
      enterTurn(turn.index + 1);
    }
    draw();
    if (view.playing) setTimeout(frame, TICK);
  }

  function setSpeed(speed) {
    view.speed = Math.min(100, Math.max(0.1, speed));
    $('speed').textContent = speedLabel(view.speed);
  }

  // ---------- drawing ----------

  function segment(parent, text, cls) { parent.appendChild(el('span', cls, text)); }

  function drawStatus() {
    var turn = view.turn, x = turn.x, position = view.position, count = turn.count;
    var row0 = $('row0'), row1 = $('row1');
    row0.textContent = '';
    segment(row0, (view.playing ? ' ▶ playing ' : ' ‖ paused ') + speedLabel(view.speed) + ' ', 'playing');
    segment(row0, '│ ');
    if (isSession) {
      segment(row0, 'session ' + data.session + ' │ ');
      segment(row0, 'turn ' + (turn.index + 1) + '/' + turns.length + ' ' + turn.raw.label + ' │ ');
    }
    segment(row0, x.outcome, 'outcome ' + x.outcomeStyle);
    if (x.dropped > 0) { segment(row0, ' │ '); segment(row0, x.dropped + ' events lost', 'x'); }
    segment(row0, ' │ ' + x.id + ' │ ' + x.model + ' ');

    row1.textContent = '';
    if (view.clock < 0) {
      segment(row1, ' waiting ' + seconds(-view.clock) + ' before this request ', 'b');
      segment(row1, '(' + seconds(turn.raw.gap || 0) + ' after the previous exchange: tools, a person)', 'd');
      return;
    }
    segment(row1, ' event ' + position + '/' + count + ' · ' + seconds(elapsed()) + ' / ' + seconds(x.end) + ' · ', 'b');
    var label = position > 0 ? x.labels[x.label[position - 1]] : '(start)';
    if (position === count && count > 0 && !x.complete) label += ' · end of partial stream';
    segment(row1, label);
    var usage = turn.usageAt(position), show = function (v) { return v === null ? '—' : String(v); };
    var details = '  stop: ' + (usage[1] === null ? '—' : usage[1]) + '  in ' + show(usage[2]) + ' out ' + show(usage[3]);
    if (usage[4]) details += ' cache ' + usage[4];
    if (x.ttft !== null && x.ttft !== undefined) details += '  TTFT ' + seconds(x.ttft);
    segment(row1, details);
    var here = x.anomalies.filter(function (a) { return a[0] === position; });
    if (here.length) {
      segment(row1, '  ! ' + here[0][1], 'x');
    } else {
      var other = (turn.raw.turnAnomalies || []).filter(function (a) { return a[0] === position; })[0];
      if (other) segment(row1, '  ! ' + other[1] + ': ' + other[2], 'x');
    }
  }

  // The clock in original time: silences shown as they were, up to their cap.
  function elapsed() {
    var at = view.turn.x.at, position = view.position;
    if (position === 0) return Math.min(Math.max(0, view.clock), at.length ? at[0] : 0);
    var base = at[position - 1], extra = view.clock - view.turn.virtual[position - 1];
    var gap = position < at.length ? at[position] - base : 0;
    return base + Math.max(0, Math.min(extra, gap));
  }

  function fillBody(body, items) {
    var fragment = document.createDocumentFragment();
    if (!items.length) fragment.appendChild(el('div', 'd', '(none)'));
    items.forEach(function (item) { fragment.appendChild(el('div', item[1], item[2])); });
    body.textContent = '';
    body.appendChild(fragment);
  }

  function drawPanes() {
    var panes = paneItems(view.state.slots);
    PANES.forEach(function (name, index) {
      var body = $('pane-' + name).querySelector('.body');
      fillBody(body, panes[index]);
      if (view.follow[index]) body.scrollTop = body.scrollHeight;
    });
  }

  function drawRequest() {
    var section = $('request');
    section.hidden = !view.request;
    if (!view.request) return;
    var raw = view.turn.raw, items;
    if (!raw.request) {
      items = [[3, 'd', 'The prompts were left out of this file (exported with --no-request-bodies).']];
    } else {
      items = raw.request.slice();
      if (view.context && raw.context !== null && raw.context !== undefined) items = items.concat(data.contexts[raw.context]);
      else if (raw.contextHint) items.push([3, 'd', raw.contextHint]);
    }
    $('request-title').textContent = view.context ? 'Request · new input, system, tools' : 'Request · new input';
    fillBody(section.querySelector('.body'), items);
  }

  function drawTurnList() {
    if (!isSession) return;
    var list = $('turn-list');
    if (!list.children.length) {
      turns.forEach(function (turn) {
        var row = el('li', turn.raw.rowStyle);
        row.appendChild(el('span', 'label', turn.raw.label));
        row.appendChild(el('span', 'input', turn.raw.input));
        row.appendChild(el('span', 'code', turn.raw.code));
        row.addEventListener('click', function () { navigate(function () { select(turn.index); }); });
        list.appendChild(row);
      });
    }
    Array.prototype.forEach.call(list.children, function (row, index) {
      row.classList.toggle('selected', index === view.turn.index);
    });
    $('turns-title').textContent = 'Turns ' + (view.turn.index + 1) + '/' + turns.length;
    var selected = list.children[view.turn.index];
    if (selected && selected.scrollIntoView) selected.scrollIntoView({ block: 'nearest' });
  }

  // Event density over (idle-capped) time, a mark under each anomaly; drawn once per turn.
  function drawStrip() {
    var turn = view.turn, buckets = Math.max(20, Math.min(400, Math.floor(($('strip').clientWidth || 800) / 5)));
    var counts = new Array(buckets).fill(0), total = turn.total;
    for (var i = 1; i <= turn.count; i++) counts[bucketOf(turn, i, buckets)]++;
    var peak = Math.max(1, Math.max.apply(null, counts)), bars = $('bars');
    bars.textContent = '';
    counts.forEach(function (value) {
      var bar = el('span', value ? '' : 'empty');
      bar.style.height = (value ? Math.max(8, Math.round(100 * value / peak)) : 4) + '%';
      bars.appendChild(bar);
    });
    var marks = $('marks');
    marks.textContent = '';
    turn.stops().forEach(function (a) {
      var mark = el('span', a[1] === 'gap' ? 'gap' : '');
      mark.style.left = (100 * fraction(turn, a[0], total)) + '%';
      mark.title = a[3] ? a[3] + ': ' + a[1] + ' ' + a[2] : a[1] + ': ' + a[2];
      mark.dataset.position = a[0];
      marks.appendChild(mark);
    });
  }

  function fraction(turn, position, total) {
    if (total > 0) return Math.min(1, turn.virtualAt(position) / total);
    return turn.count ? Math.max(0, position - 1) / turn.count : 0;
  }

  function bucketOf(turn, position, buckets) {
    return Math.min(buckets - 1, Math.floor(fraction(turn, position, turn.total) * buckets));
  }

  function drawCursor() {
    var turn = view.turn, left;
    if (turn.total > 0) left = Math.max(0, Math.min(1, view.clock / turn.total));
    else left = turn.count ? view.position / turn.count : 0;
    $('cursor').style.left = (100 * left) + '%';
    $('played').style.width = (100 * left) + '%';
  }

  function drawBox() {
    var overlay = $('overlay');
    overlay.hidden = !view.box;
    if (!view.box) return;
    var content = view.box === 'raw' ? rawBox() : view.box === 'diag' ? diagBox() : helpBox();
    $('box-title').textContent = content.title;
    var body = $('box-body');
    body.textContent = '';
    content.lines.forEach(function (line) { body.appendChild(el('div', line[0], line[1])); });
  }

  function rawBox() {
    var turn = view.turn, x = turn.x, position = view.position;
    if (position === 0) return { title: 'raw', lines: [['d', 'before the first event: press → to step']] };
    var i = position - 1, next = i + 1 < turn.count ? x.offsets[i + 1] : x.eventBytes;
    var lines = [['b', x.labels[x.label[i]].split(' ')[0] + ' · byte offset ' + x.offsets[i] + ' · ' + (next - x.offsets[i]) +
      ' bytes · at ' + seconds(x.at[i])]];
    lines.push(['p', x.raw[i]]);
    if (position === turn.count && x.trailing) {
      lines.push(['x', 'trailing fragment: ' + x.trailing.bytes + ' bytes at offset ' + x.trailing.offset + ' (never formed an event)']);
      lines.push(['p', x.trailing.text]);
    }
    return { title: 'raw · event ' + position + '/' + turn.count, lines: lines };
  }

  function diagBox() {
    var turn = view.turn, x = turn.x, position = view.position, stops = turn.stops(), lines = [];
    lines.push(['b', 'anomalies (' + stops.length + ') — e / E jump between them']);
    if (!stops.length) lines.push(['d', 'none']);
    stops.forEach(function (a) {
      var here = a[0] === position, place = a[3] || (a[0] === 0 ? 'start' : 'event ' + a[0]);
      lines.push([here ? 'sel' : a[1] === 'gap' ? 'w' : 'x', (here ? '▶ ' : '  ') + place + '  ' + a[1] + '  ' + a[2]]);
    });
    var shown = x.diagnostics.filter(function (d) { return d[0] < position || position === turn.count; });
    lines.push(['b', 'assembler diagnostics at the cursor (' + shown.length + ')']);
    if (!shown.length) lines.push(['d', 'none']);
    shown.forEach(function (d) { lines.push(['p', d[1]]); });
    if (x.dropped > 0) lines.push(['x', x.dropped + ' events were lost by the recorder']);
    if (x.note) lines.push(['d', 'note: ' + x.note]);
    return { title: 'diagnostics', lines: lines };
  }

  var KEYS = [
    ['space', 'play / pause' + (isSession ? ' the whole session, waits included' : '')],
    ['→ l  ← h', 'next / previous event'],
    [']  [', 'next / previous block start or stop'],
    ['e  E', 'next / previous anomaly (error, diagnostic, gap, partial end' + (isSession ? ', failed turn, retry' : '') + ')'],
    ['g  G', 'start / end' + (isSession ? ' of the turn' : '')],
    ['+  -  0', 'faster / slower / original speed'],
    ['tab', 'focus the next pane; ↑ ↓ PgUp PgDn scroll it']
  ].concat(isSession ? [
    ['n  p', 'next / previous turn, its whole answer'],
    ['↑ ↓ on the list', 'choose a turn (enter moves between the list and the panes)'],
    ['x', 'the turn\'s exchange full screen (x back)']
  ] : []).concat([
    ['i', 'Request pane: what this turn newly sent'],
    ['s', 'system prompt and tools in the Request pane'],
    ['r', 'raw bytes of the current event'],
    ['d', 'anomalies and diagnostics'],
    ['?', 'this help'],
    ['esc  q', 'close the box'],
    ['', ''],
    ['address', 'follows the cursor: #' + (isSession ? 'turn=K&' : '') + 'event=N (&box=raw|diag, &request=new|system)']
  ]);

  function helpBox() {
    return {
      title: 'keys', lines: KEYS.map(function (k) {
        return ['p', k[0] + (k[0] ? new Array(Math.max(2, 18 - k[0].length)).join(' ') : '') + k[1]];
      })
    };
  }

  function draw() {
    drawStatus();
    drawPanes();
    drawCursor();
    drawBox();
    $('play').textContent = view.playing ? '‖ pause' : '▶ play';
  }

  // ---------- the address: #event=N, #turn=K&event=N, &box=raw|diag ----------

  var writtenHash = null;

  function hashFor() {
    var parts = [];
    if (isSession) parts.push('turn=' + (view.turn.index + 1));
    parts.push('event=' + view.position);
    if (view.box === 'raw' || view.box === 'diag') parts.push('box=' + view.box);
    if (view.request) parts.push('request=' + (view.context ? 'system' : 'new'));
    return '#' + parts.join('&');
  }

  function writeHash() {
    var hash = hashFor();
    if (hash === location.hash) return;
    writtenHash = hash;
    try { history.replaceState(null, '', hash); } catch (error) { location.replace(hash); }
  }

  function readHash() {
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (pair) {
      var kv = pair.split('=');
      if (kv[0]) params[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1] || '');
    });
    var turn = /^\d+$/.test(params.turn || '') ? parseInt(params.turn, 10) - 1 : 0;
    var event = /^\d+$/.test(params.event || '') ? parseInt(params.event, 10) : null;
    view.box = params.box === 'raw' || params.box === 'diag' ? params.box : null;
    view.request = params.request === 'new' || params.request === 'system';
    view.context = params.request === 'system';
    pause();
    select(turn, event);
    drawRequest();
    view.follow = [true, true, true];
    draw();
  }

  window.addEventListener('hashchange', function () {
    if (location.hash !== writtenHash) readHash();
  });

  // ---------- keys: the terminal replayer's ----------

  function toggleBox(name) {
    view.box = view.box === name ? null : name;
    drawBox();
    writeHash();
  }

  function focusedPane() {
    var active = document.activeElement;
    return active && active.classList && active.classList.contains('pane') ? active : null;
  }

  function onKey(key, event) {
    switch (key) {
      case ' ': if (view.playing) pause(); else play(); draw(); return true;
      case 'ArrowRight': case 'l': navigate(function () { seek(view.position + 1); }); return true;
      case 'ArrowLeft': case 'h': navigate(function () { seek(view.position - 1); }); return true;
      case ']': navigate(function () { boundary(true); }); return true;
      case '[': navigate(function () { boundary(false); }); return true;
      case 'g': case 'Home': navigate(function () { seek(0); }); return true;
      case 'G': case 'End': navigate(function () { seek(view.turn.count); }); return true;
      case 'e': navigate(nextAnomaly); return true;
      case 'E': navigate(previousAnomaly); return true;
      case '+': case '=': setSpeed(SPEEDS.filter(function (s) { return s > view.speed + 1e-9; })[0] || 100); draw(); return true;
      case '-': case '_': setSpeed(SPEEDS.filter(function (s) { return s < view.speed - 1e-9; }).pop() || 0.1); draw(); return true;
      case '0': setSpeed(1); draw(); return true;
      case 'n': if (!isSession) return false; navigate(function () { select(view.turn.index + 1); }); return true;
      case 'p': if (!isSession) return false; navigate(function () { select(view.turn.index - 1); }); return true;
      case 'i': view.request = !view.request; drawRequest(); writeHash(); return true;
      case 's': view.context = !view.context; view.request = true; drawRequest(); writeHash(); return true;
      case 'x': if (!isSession) return false; document.body.classList.toggle('full'); return true;
      case 'r': toggleBox('raw'); return true;
      case 'd': toggleBox('diag'); return true;
      case '?': toggleBox('help'); return true;
      case 'Escape': case 'q': if (!view.box) return false; toggleBox(view.box); return true;
      case 'Enter':
        if (!isSession) return false;
        (document.activeElement === $('turns') ? $('pane-text') : $('turns')).focus();
        return true;
      case 'ArrowUp': case 'ArrowDown': case 'k': case 'j':
        // As in the terminal, the turn list has the keys until something else takes the focus.
        var active = document.activeElement;
        if (isSession && (active === $('turns') || active === document.body || !active)) {
          var delta = key === 'ArrowUp' || key === 'k' ? -1 : 1;
          navigate(function () { select(view.turn.index + delta); });
          return true;
        }
        return false;
      default: return false;
    }
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target && (event.target.tagName === 'SELECT' || event.target.tagName === 'INPUT')) return;
    if (onKey(event.key, event)) event.preventDefault();
  });

  // ---------- mouse: buttons, the strip, scrolling back ----------

  Array.prototype.forEach.call(document.querySelectorAll('#controls [data-key]'), function (button) {
    button.addEventListener('click', function () { onKey(button.dataset.key); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('#controls [data-speed]'), function (button) {
    button.addEventListener('click', function () { setSpeed(Number(button.dataset.speed)); draw(); });
  });
  $('max-idle').addEventListener('change', function () {
    view.maxIdle = Number(this.value);
    turns.forEach(function (turn) { turn.setMaxIdle(view.maxIdle); });
    view.clock = view.turn.virtualAt(view.position);
    drawStrip();
    draw();
  });
  $('strip').addEventListener('click', function (event) {
    var rect = this.getBoundingClientRect(), at = (event.clientX - rect.left) / rect.width, turn = view.turn;
    navigate(function () {
      seek(turn.total > 0 ? turn.positionAt(at * turn.total) : Math.round(at * turn.count));
    });
  });
  PANES.forEach(function (name, index) {
    var body = $('pane-' + name).querySelector('.body');
    body.addEventListener('scroll', function () {
      view.follow[index] = body.scrollTop + body.clientHeight >= body.scrollHeight - 2;
    });
  });
  $('overlay').addEventListener('click', function (event) {
    if (event.target === this) toggleBox(view.box);
  });
  $('banner-close').addEventListener('click', function () { $('banner').classList.add('hidden'); });
  window.addEventListener('resize', drawStrip);

  // ---------- start: the state the address names, else the end of the first turn ----------

  $('hints').textContent = isSession
    ? 'space play  n/p turn  e/E anomaly  x exchange  i request  ←→ step  r raw  d diag  ? help'
    : 'space play  ←→ step  [] block  e/E anomaly  +-0 speed  g/G ends  r raw  d diag  ? help';
  view.turn.setMaxIdle(0);
  drawStrip();
  drawTurnList();
  readHash();
  // When the page became interactive, and how much of that was this script (the rest is loading and parsing).
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.scriptMs = String(Math.round(performance.now() - scriptStart));
})();
