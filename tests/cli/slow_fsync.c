/* Test shim loaded with LD_PRELOAD by interrupt.sh: it holds one fsync() call open so that a
 * signal arrives while an output's temporary file exists.
 *
 * ERLANGEN_SLOW_FSYNC_MARKER  file created when the held call starts (the test waits for it)
 * ERLANGEN_SLOW_FSYNC_CALL    which call to hold, counting from 1 (default 1)
 * The held call sleeps 30 s, then runs the real fsync(); the test signals long before that. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int call_count = 0;

int fsync(int descriptor) {
  int (*real_fsync)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  const char* marker = getenv("ERLANGEN_SLOW_FSYNC_MARKER");
  const char* held_text = getenv("ERLANGEN_SLOW_FSYNC_CALL");
  const int held_call = held_text != NULL ? atoi(held_text) : 1;
  if (marker != NULL && __atomic_add_fetch(&call_count, 1, __ATOMIC_SEQ_CST) == held_call) {
    const int marker_descriptor = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (marker_descriptor >= 0) close(marker_descriptor);
    struct timespec left = {30, 0};
    while (nanosleep(&left, &left) != 0) {
    }
  }
  return real_fsync(descriptor);
}
