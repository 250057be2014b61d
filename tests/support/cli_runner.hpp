#pragma once
// Running cordon-cli from end-to-end tests.

#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace cordon::test {

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

/// Runs `command` (by the shell, its stderr already sent to `err_file`): its exit code,
/// stdout and stderr.
inline CliRun run_captured(const std::string& command, const std::string& err_file) {
    CliRun r;
    FILE* pipe = popen(command.c_str(), "r");
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe))
        r.out.append(buf.data(), n);
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read_file(err_file);
    return r;
}

/// Runs `cordon-cli ARGS` (ARGS already shell-quoted) with stderr captured in `dir`.
inline CliRun cli(const std::string& args, const TempDir& dir) {
    const std::string err_file = dir / "stderr.txt";
    return run_captured(std::string(CORDON_CLI) + " " + args + " 2>" + err_file, err_file);
}

/// Single-quotes a path or argument for the shell.
inline std::string q(const std::string& s) {
    return "'" + s + "'";
}

/// What `command` (run by the shell) writes to stdout.
inline std::string shell(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe))
        out.append(buf.data(), n);
    pclose(pipe);
    return out;
}

/// Plans the imported sample `project` as the print and image tests show it: three zones with
/// routes, checkpoints around the district. Fails the test on any error.
inline void plan_sample(const std::string& project, const TempDir& dir) {
    CliRun r = cli("plan all " + q(project) + " --zones 3 --unknown-mode closed", dir);
    ASSERT_EQ(r.code, 0) << r.err;
    r = cli("plan checkpoints " + q(project) + " --area district", dir);
    ASSERT_EQ(r.code, 0) << r.err;
}

} // namespace cordon::test
