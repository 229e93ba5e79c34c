/*
 * run_files.c - runs every file under the folders given on the command
 * line once through a fuzz target's LLVMFuzzerTestOneInput, so that gcc
 * builds (without libFuzzer) still exercise the targets on the corpus and
 * the seeds.  Exits 1 when no file was found: a test that reads nothing
 * must not pass.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_path(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode)) {
		DIR *d = opendir(path);
		if (!d)
			return 0;
		int n = 0;
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			size_t len = strlen(path) + strlen(de->d_name) + 2;
			char *child = malloc(len);
			snprintf(child, len, "%s/%s", path, de->d_name);
			n += run_path(child);
			free(child);
		}
		closedir(d);
		return n;
	}
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	uint8_t *buf = malloc((size_t)sb.st_size + 1);
	size_t got = fread(buf, 1, (size_t)sb.st_size, fp);
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	return 1;
}

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++)
		n += run_path(argv[i]);
	printf("%d files\n", n);
	return n > 0 ? 0 : 1;
}
