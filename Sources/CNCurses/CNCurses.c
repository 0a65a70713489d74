#include "CNCurses.h"

// The implementation behind CNCurses.h: compiled once, so the signal state below exists once.

static volatile sig_atomic_t tapedeck_signal_flag = 0;
static struct sigaction tapedeck_saved[3];

static void tapedeck_on_signal(int sig) {
    (void)sig;
    tapedeck_signal_flag = 1;
}

/// Starts curses on the controlling terminal; returns 0, or -1 when the terminal is unusable.
int tapedeck_curses_begin(int want_color) {
    setlocale(LC_ALL, "");
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return -1;
    set_term(screen);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    curs_set(0);
#if defined(NCURSES_VERSION_MAJOR) && NCURSES_VERSION_MAJOR >= 6
    set_escdelay(25);
#endif
    int color = 0;
    if (want_color && has_colors()) {
        start_color();
        use_default_colors();
        color = 1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = tapedeck_on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a signal wakes the key read at once
    tapedeck_signal_flag = 0;
    struct sigaction *saved = tapedeck_saved;
    sigaction(SIGINT, &action, &saved[0]);
    sigaction(SIGTERM, &action, &saved[1]);
    sigaction(SIGHUP, &action, &saved[2]);
    return color;
}

/// Ends curses mode and puts the previous signal handlers back.
void tapedeck_curses_end(void) {
    if (!isendwin()) {
        curs_set(1);
        endwin();
    }
    struct sigaction *saved = tapedeck_saved;
    sigaction(SIGINT, &saved[0], NULL);
    sigaction(SIGTERM, &saved[1], NULL);
    sigaction(SIGHUP, &saved[2], NULL);
}

/// Whether SIGINT, SIGTERM or SIGHUP arrived since curses started.
int tapedeck_signal_seen(void) { return tapedeck_signal_flag != 0; }

int tapedeck_lines(void) {
    int y, x;
    getmaxyx(stdscr, y, x);
    (void)x;
    return y;
}

int tapedeck_columns(void) {
    int y, x;
    getmaxyx(stdscr, y, x);
    (void)y;
    return x;
}

int tapedeck_color_pairs(void) { return COLOR_PAIRS; }

int tapedeck_init_pair(short pair, short foreground, short background) {
    return init_pair(pair, foreground, background);
}

/// Attribute bits for the styles the Screen model knows.
attr_t tapedeck_attributes(int bold, int dim, int reverse, int underline) {
    attr_t attrs = A_NORMAL;
    if (bold) attrs |= A_BOLD;
    if (dim) attrs |= A_DIM;
    if (reverse) attrs |= A_REVERSE;
    if (underline) attrs |= A_UNDERLINE;
    return attrs;
}

/// Draws one cell: up to CCHARW_MAX wide characters (a base and its combining marks).
void tapedeck_put_cell(int y, int x, const wchar_t *characters, int count, attr_t attrs, short pair) {
    wchar_t buffer[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < n; i++) buffer[i] = characters[i];
    buffer[n] = 0;
    cchar_t cell;
    if (setcchar(&cell, buffer, attrs, pair, NULL) == OK) {
        mvwadd_wch(stdscr, y, x, &cell);
    }
}

void tapedeck_erase(void) { werase(stdscr); }

void tapedeck_refresh(void) { wrefresh(stdscr); }

/// Reads one key: returns ERR on timeout, OK for a character, KEY_CODE_YES for a function key.
int tapedeck_read_key(int timeout_ms, unsigned int *value) {
    wint_t ch = 0;
    wtimeout(stdscr, timeout_ms);
    int rc = wget_wch(stdscr, &ch);
    *value = (unsigned int)ch;
    return rc;
}

