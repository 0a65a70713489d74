#ifndef TAPEDECK_CNCURSES_H
#define TAPEDECK_CNCURSES_H
// Wide-character ncurses: needed for CJK and emoji cell widths. Linux links ncursesw (+ tinfo);
// macOS links the system libncurses, which is built with wide-character support.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#if __has_include(<ncursesw/ncurses.h>)
#include <ncursesw/ncurses.h>
#else
#include <ncurses.h>
#endif

// Small wrappers: Swift cannot use ncurses' macros (A_BOLD, COLOR_PAIR, getmaxyx) or its
// mutable globals (stdscr, LINES) under strict concurrency, so they are reached through here.
// Only NCursesTerminal.swift imports this module; the signal state lives once, in CNCurses.c.

/// Starts curses on the controlling terminal; returns 1 with colour, 0 without, -1 when the terminal is unusable.
int tapedeck_curses_begin(int want_color);
/// Ends curses mode and puts the previous signal handlers back.
void tapedeck_curses_end(void);
/// Whether SIGINT, SIGTERM or SIGHUP arrived since curses started.
int tapedeck_signal_seen(void);
int tapedeck_lines(void);
int tapedeck_columns(void);
int tapedeck_color_pairs(void);
int tapedeck_init_pair(short pair, short foreground, short background);
/// Attribute bits for the styles the Screen model knows.
attr_t tapedeck_attributes(int bold, int dim, int reverse, int underline);
/// Draws one cell: up to CCHARW_MAX wide characters (a base and its combining marks).
void tapedeck_put_cell(int y, int x, const wchar_t *characters, int count, attr_t attrs, short pair);
void tapedeck_erase(void);
void tapedeck_refresh(void);
/// Reads one key: returns ERR on timeout, OK for a character, KEY_CODE_YES for a function key.
int tapedeck_read_key(int timeout_ms, unsigned int *value);

#endif
