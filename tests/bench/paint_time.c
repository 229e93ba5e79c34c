/*
 * paint_time.c - cold start to first paint in a real terminal.  Starts a
 * private tmux server (80x24, no config) whose pane runs stamp_exec, which
 * blocks on a FIFO.  A tmux client in control mode is attached (a control
 * client without a size does not resize the window) and one capture syncs
 * it; then the go byte is written, stamp_exec reads CLOCK_MONOTONIC and
 * execs the program, and this process polls `capture-pane -p` over the
 * control client (no process spawned per poll) until the pane shows
 * NEEDLE.  It then types the quit keys, waits for the program to exit and
 * prints "<milliseconds> <peak-rss-KiB> <status> <cpu-ms>" (status "ok",
 * "timeout" or "exited" when the program ended before painting NEEDLE;
 * cpu-ms is the program's whole run, quitting included).
 *
 * usage: paint_time STAMP_EXEC NEEDLE QUIT_KEYS TIMEOUT_S -- CMD [ARG...]
 * QUIT_KEYS is one tmux key name ("q", "C-c").
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct ctl {
	FILE *in;  /* commands to the control client */
	FILE *out; /* its replies */
	pid_t pid;
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_us(long us)
{
	struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000 };
	nanosleep(&ts, NULL);
}

static void die(const char *what)
{
	fprintf(stderr, "paint_time: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Runs a tmux command to completion (stdout discarded). */
static int tmux_run(char **argv)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2); /* "no server running" after the program quit */
		execvp("tmux", argv);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static void ctl_open(struct ctl *c, const char *sock)
{
	int to[2], from[2];
	if (pipe(to) != 0 || pipe(from) != 0)
		die("pipe");
	c->pid = fork();
	if (c->pid < 0)
		die("fork");
	if (c->pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[1]);
		close(from[0]);
		execlp("tmux", "tmux", "-L", sock, "-C", "attach-session", "-t", "bench", (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	c->in = fdopen(to[1], "w");
	c->out = fdopen(from[0], "r");
	if (c->in == NULL || c->out == NULL)
		die("fdopen");
	/* Attaching is itself answered with an (empty) block: consume it so
	 * that every later block answers our own command. */
	char line[8192];
	while (fgets(line, sizeof line, c->out) != NULL)
		if (strncmp(line, "%end", 4) == 0 || strncmp(line, "%error", 6) == 0)
			break;
}

/*
 * Sends one command and collects its reply block (the lines between %begin
 * and %end).  Notifications outside blocks are skipped.  Returns false when
 * the client went away.
 */
static bool ctl_command(struct ctl *c, const char *cmd, char *reply, size_t size)
{
	fprintf(c->in, "%s\n", cmd);
	fflush(c->in);
	char line[8192];
	bool in_block = false;
	size_t used = 0;
	reply[0] = '\0';
	while (fgets(line, sizeof line, c->out) != NULL) {
		if (!in_block) {
			if (strncmp(line, "%begin", 6) == 0)
				in_block = true;
			continue;
		}
		if (strncmp(line, "%end", 4) == 0 || strncmp(line, "%error", 6) == 0)
			return true;
		size_t len = strlen(line);
		if (used + len < size) {
			memcpy(reply + used, line, len + 1);
			used += len;
		}
	}
	return false;
}

int main(int argc, char **argv)
{
	if (argc < 7 || strcmp(argv[5], "--") != 0) {
		fprintf(stderr, "usage: paint_time STAMP_EXEC NEEDLE QUIT_KEYS TIMEOUT_S -- CMD [ARG...]\n");
		return 2;
	}
	const char *stamp_exec = argv[1], *needle = argv[2], *quit = argv[3];
	double timeout = atof(argv[4]);
	char **cmd = argv + 6;
	signal(SIGPIPE, SIG_IGN);

	char dir[] = "/tmp/paint_time.XXXXXX";
	if (mkdtemp(dir) == NULL)
		die("mkdtemp");
	char fifo[64], result[64], sock[64];
	snprintf(fifo, sizeof fifo, "%s/go", dir);
	snprintf(result, sizeof result, "%s/result", dir);
	snprintf(sock, sizeof sock, "rdxbench-%ld", (long)getpid());
	if (mkfifo(fifo, 0600) != 0)
		die("mkfifo");

	/* tmux -L SOCK -f /dev/null new-session -d -s bench -x 80 -y 24 STAMP_EXEC FIFO RESULT CMD... */
	int ncmd = 0;
	while (cmd[ncmd] != NULL)
		ncmd++;
	char **nargv = calloc((size_t)ncmd + 20, sizeof *nargv);
	int n = 0;
	const char *head[] = { "tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-s", "bench",
			       "-x", "80", "-y", "24", stamp_exec, fifo, result };
	for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
		nargv[n++] = (char *)head[k];
	for (int k = 0; k < ncmd; k++)
		nargv[n++] = cmd[k];
	nargv[n] = NULL;
	if (tmux_run(nargv) != 0) {
		fprintf(stderr, "paint_time: tmux new-session failed\n");
		return 1;
	}

	struct ctl c;
	ctl_open(&c, sock);
	static char screen[1 << 16];
	/* Stop %output notifications: the poller only needs replies. */
	ctl_command(&c, "refresh-client -f no-output", screen, sizeof screen);
	ctl_command(&c, "display-message -p '#{window_width}x#{window_height}'", screen, sizeof screen);
	if (strncmp(screen, "80x24", 5) != 0)
		fprintf(stderr, "paint_time: warning: window is %s", screen);

	int fd = open(fifo, O_WRONLY);
	if (fd < 0 || write(fd, "g", 1) != 1)
		die("fifo");
	close(fd);
	long long start = now_ns();

	const char *state = "timeout";
	long long seen = 0;
	struct stat sb;
	while ((double)(now_ns() - start) < timeout * 1e9) {
		if (!ctl_command(&c, "capture-pane -p -t bench", screen, sizeof screen))
			break;
		if (strstr(screen, needle) != NULL) {
			seen = now_ns();
			state = "ok";
			break;
		}
		if (stat(result, &sb) == 0) {
			state = "exited";
			break;
		}
		sleep_us(300);
	}
	if (strcmp(state, "ok") != 0)
		fprintf(stderr, "paint_time: %s before \"%s\" was seen; last screen:\n%s", state, needle, screen);
	char keys[256];
	snprintf(keys, sizeof keys, "send-keys -t bench %s", quit);
	ctl_command(&c, keys, screen, sizeof screen);

	/* The launcher writes the result when the program has exited. */
	long long t0 = 0, rss = 0;
	int status = -1;
	double cpu = 0;
	for (int k = 0; k < 1000 && stat(result, &sb) != 0; k++)
		sleep_us(5000);
	FILE *fp = fopen(result, "r");
	if (fp != NULL) {
		if (fscanf(fp, "%lld %lld %d %lf", &t0, &rss, &status, &cpu) != 4)
			t0 = 0;
		fclose(fp);
	}
	char *kill_argv[] = { "tmux", "-L", sock, "kill-server", NULL };
	tmux_run(kill_argv);
	/* A server that ended with its last pane may leave its socket. */
	const char *tmpdir = getenv("TMUX_TMPDIR");
	char sock_path[512];
	snprintf(sock_path, sizeof sock_path, "%s/tmux-%ld/%s", tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp",
		 (long)getuid(), sock);
	unlink(sock_path);
	fclose(c.in);
	fclose(c.out);
	waitpid(c.pid, NULL, 0);
	unlink(fifo);
	unlink(result);
	rmdir(dir);

	if (t0 == 0 && strcmp(state, "ok") == 0)
		state = "no-exit"; /* painted but did not quit: RSS unknown */
	double ms = strcmp(state, "ok") == 0 || t0 == 0 ? (double)(seen - (t0 != 0 ? t0 : start)) / 1e6
						   : (double)(now_ns() - start) / 1e6;
	if (strcmp(state, "ok") != 0 && strcmp(state, "no-exit") != 0)
		ms = (double)(now_ns() - start) / 1e6;
	printf("%.3f %lld %s %.3f\n", ms, rss, state, cpu);
	return strcmp(state, "ok") == 0 ? 0 : 1;
}
