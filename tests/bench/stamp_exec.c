/*
 * stamp_exec.c - the launcher that runs inside the benchmark's tmux pane.
 * It waits for the go byte on a FIFO (so the tmux server and the observing
 * client are settled before the clock starts), reads CLOCK_MONOTONIC, then
 * forks and execs the program under test; when the program exits it writes
 * "<start-ns> <peak-rss-KiB> <status> <cpu-ms>" to RESULT.  The start time is taken
 * right before the exec, as the issue asks: tmux's own start-up is not
 * counted, and paint_time (which reads the same system-wide clock) stops it
 * when the screen shows the expected text.
 *
 * usage: stamp_exec FIFO RESULT CMD [ARG...]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: stamp_exec FIFO RESULT CMD [ARG...]\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	char go;
	if (fd < 0 || read(fd, &go, 1) != 1) {
		fprintf(stderr, "stamp_exec: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	close(fd);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "stamp_exec: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	int status = 0;
	struct rusage ru = { 0 };
	if (pid > 0)
		wait4(pid, &status, 0, &ru);
	/* Written to a temporary name and renamed: the reader never sees a
	 * half-written line. */
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
	FILE *fp = fopen(tmp, "w");
	if (fp == NULL)
		return 1;
	double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		     (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	fprintf(fp, "%lld %ld %d %.3f\n", (long long)t0.tv_sec * 1000000000LL + t0.tv_nsec, ru.ru_maxrss,
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), cpu);
	fclose(fp);
	rename(tmp, argv[2]);
	return 0;
}
