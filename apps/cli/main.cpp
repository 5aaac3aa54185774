// Entry point of the erlangen command-line tool; each subcommand lives in its own file.
#include <cstdio>

int main() {
  std::puts("erlangen");
  return 0;
}
