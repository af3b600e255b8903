#include "cli/cli.hpp"

int main(int argc, char** argv) {
  return loginkit::cli::run(argc, argv);
}
