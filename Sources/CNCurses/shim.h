#ifndef TAPEDECK_CNCURSES_SHIM_H
#define TAPEDECK_CNCURSES_SHIM_H
// Wide-character ncurses: needed for CJK and emoji cell widths.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#if __has_include(<ncursesw/ncurses.h>)
#include <ncursesw/ncurses.h>
#else
#include <ncurses.h>
#endif
#endif
