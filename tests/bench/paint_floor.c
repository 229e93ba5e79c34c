/*
 * paint_floor.c - the cheapest possible "first paint": print the text the
 * poller looks for and wait for a line on stdin.  Timed through the same
 * tmux harness as the real programs, it is the floor quoted beside them.
 *
 * usage: paint_floor TEXT
 * Any key ends it (the terminal is put in non-canonical mode, as a curses
 * program would).
 */
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	printf("%s\n", argv[1]);
	fflush(stdout);
	struct termios t;
	if (tcgetattr(0, &t) == 0) {
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		tcsetattr(0, TCSANOW, &t);
	}
	char c;
	return read(0, &c, 1) == 1 ? 0 : 1;
}
