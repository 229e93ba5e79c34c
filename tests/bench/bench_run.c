/*
 * bench_run.c - runs one command once and prints its wall time and peak
 * RSS: "<milliseconds> <peak-rss-KiB> <status>", status being the exit
 * code, "timeout" or "signal-N".  scripts/bench calls it for every timed
 * run, alternating between tools, and takes the medians itself.
 *
 * The fourth field, CPU milliseconds (user + system of the command and its
 * children), is what the command cost apart from waiting for a busy
 * machine.
 *
 * usage: bench_run [--timeout SECONDS] [--stdin FILE] [--stdout FILE] -- CMD [ARG...]
 * The command's output goes to /dev/null unless --stdout names a file; its
 * stderr is kept (errors should be seen).  A command that outlives the
 * timeout is killed with its process group.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void redirect(const char *path, int fd, int flags)
{
	int f = open(path, flags, 0600);
	if (f < 0) {
		fprintf(stderr, "bench_run: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	dup2(f, fd);
	close(f);
}

int main(int argc, char **argv)
{
	double timeout = 120;
	const char *in = "/dev/null", *out = "/dev/null";
	int k = 1;
	for (; k < argc && strcmp(argv[k], "--") != 0; k += 2) {
		if (k + 1 >= argc)
			break;
		if (strcmp(argv[k], "--timeout") == 0)
			timeout = atof(argv[k + 1]);
		else if (strcmp(argv[k], "--stdin") == 0)
			in = argv[k + 1];
		else if (strcmp(argv[k], "--stdout") == 0)
			out = argv[k + 1];
		else
			break;
	}
	if (k >= argc || strcmp(argv[k], "--") != 0 || k + 1 >= argc) {
		fprintf(stderr, "usage: bench_run [--timeout S] [--stdin F] [--stdout F] -- CMD [ARG...]\n");
		return 2;
	}
	char **cmd = argv + k + 1;

	/* SIGCHLD stays blocked so that sigtimedwait can wait for it with a
	 * deadline, without polling. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);

	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench_run: fork");
		return 1;
	}
	if (pid == 0) {
		sigprocmask(SIG_UNBLOCK, &chld, NULL);
		setpgid(0, 0);
		redirect(in, 0, O_RDONLY);
		redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC);
		execvp(cmd[0], cmd);
		fprintf(stderr, "bench_run: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	int status = 0;
	struct rusage ru;
	int timed_out = 0;
	for (;;) {
		pid_t w = wait4(pid, &status, WNOHANG, &ru);
		if (w == pid)
			break;
		double left = timeout * 1e3 - (now_ms() - t0);
		if (left <= 0) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			wait4(pid, &status, 0, &ru);
			timed_out = 1;
			break;
		}
		struct timespec ts = { .tv_sec = (time_t)(left / 1e3), .tv_nsec = (long)((left - (double)(long)(left / 1e3) * 1e3) * 1e6) };
		sigtimedwait(&chld, NULL, &ts);
	}
	double ms = now_ms() - t0;
	double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		     (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	if (timed_out)
		printf("%.3f %ld timeout %.3f\n", ms, ru.ru_maxrss, cpu);
	else if (WIFSIGNALED(status))
		printf("%.3f %ld signal-%d %.3f\n", ms, ru.ru_maxrss, WTERMSIG(status), cpu);
	else
		printf("%.3f %ld %d %.3f\n", ms, ru.ru_maxrss, WEXITSTATUS(status), cpu);
	return 0;
}
