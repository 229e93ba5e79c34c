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
 * With --first-line the first field is the time until the command's first
 * line of output arrived instead (what a person at a pipe waits for); the
 * output is read through a pipe and dropped, the CPU field stays the whole
 * run's.
 *
 * usage: bench_run [--timeout SECONDS] [--stdin FILE] [--stdout FILE] [--first-line] -- CMD [ARG...]
 * The command's output goes to /dev/null unless --stdout names a file; its
 * stderr is kept (errors should be seen).  A command that outlives the
 * timeout is killed with its process group.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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
	int first_line = 0;
	int k = 1;
	for (; k < argc && strcmp(argv[k], "--") != 0; k += 2) {
		if (strcmp(argv[k], "--first-line") == 0) {
			first_line = 1;
			k--;
			continue;
		}
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
		fprintf(stderr, "usage: bench_run [--timeout S] [--stdin F] [--stdout F] [--first-line] -- CMD [ARG...]\n");
		return 2;
	}
	char **cmd = argv + k + 1;

	/* SIGCHLD stays blocked so that sigtimedwait can wait for it with a
	 * deadline, without polling. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);

	int pipe_fd[2] = { -1, -1 };
	if (first_line && pipe(pipe_fd) != 0) {
		perror("bench_run: pipe");
		return 1;
	}
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
		if (first_line) {
			dup2(pipe_fd[1], 1);
			close(pipe_fd[0]);
			close(pipe_fd[1]);
		} else {
			redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC);
		}
		execvp(cmd[0], cmd);
		fprintf(stderr, "bench_run: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	int status = 0;
	struct rusage ru;
	int timed_out = 0;
	double first_ms = -1;
	if (first_line) {
		/* Read until the end of the output, noting when the first
		 * newline came; then wait for the exit as below. */
		close(pipe_fd[1]);
		char buf[65536];
		for (;;) {
			double left = timeout * 1e3 - (now_ms() - t0);
			if (left <= 0)
				break;
			struct pollfd pfd = { .fd = pipe_fd[0], .events = POLLIN };
			if (poll(&pfd, 1, (int)left + 1) <= 0)
				continue;
			ssize_t got = read(pipe_fd[0], buf, sizeof buf);
			if (got <= 0)
				break;
			if (first_ms < 0 && memchr(buf, '\n', (size_t)got) != NULL)
				first_ms = now_ms() - t0;
		}
		close(pipe_fd[0]);
	}
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
	if (first_line && first_ms >= 0)
		ms = first_ms;
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
