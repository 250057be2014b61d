#include "temp_dir.hpp"

#include <cordon/geo/error.hpp>
#include <cordon/geo/output_file.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace cordon;
using namespace cordon::geo;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

} // namespace

TEST(OutputFile, TheTargetChangesOnlyAtCommit) {
    test::TempDir dir;
    const std::string path = dir / "out.txt";
    test::write_file(path, "earlier");
    ::chmod(path.c_str(), 0640);
    {
        OutputFile out(path);
        out.write("new ");
        out.write(std::string(3 << 20, 'x')); // past the buffer
        out.finish();
        EXPECT_EQ(test::read_file(path), "earlier");
        EXPECT_EQ(entries(dir.path()), 2u); // the target and the temporary file beside it
        out.commit();
        EXPECT_EQ(out.size(), 4u + (3u << 20));
    }
    EXPECT_EQ(test::read_file(path), "new " + std::string(3 << 20, 'x'));
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(OutputFile, AnOutputNeverCommittedLeavesNothing) {
    test::TempDir dir;
    const std::string path = dir / "out.txt";
    test::write_file(path, "earlier");
    try {
        OutputFile out(path);
        out.write("half");
        throw std::runtime_error("the work failed");
    } catch (const std::runtime_error&) {
    }
    EXPECT_EQ(test::read_file(path), "earlier");
    EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(OutputFile, PathsThatCannotBeWrittenSayWhy) {
    test::TempDir dir;
    fs::create_directory(dir / "folder");
    EXPECT_NE(error_of([&] { OutputFile(dir / "no/such/x.txt"); }).find("does not exist"),
              std::string::npos);
    EXPECT_NE(error_of([&] { OutputFile(dir / "folder"); }).find("Is a directory"),
              std::string::npos);
    const std::string long_name = dir / (std::string(256, 'n') + ".txt");
    const std::string e = error_of([&] { OutputFile{long_name}; });
    EXPECT_NE(e.find(long_name + ": cannot write (File name too long)"), std::string::npos) << e;
    test::write_file(dir / "ro.txt", "keep");
    ::chmod((dir / "ro.txt").c_str(), 0444);
    EXPECT_NE(error_of([&] { write_output(dir / "ro.txt", "x"); }).find("read-only"),
              std::string::npos);
    EXPECT_EQ(test::read_file(dir / "ro.txt"), "keep");
    EXPECT_EQ(entries(dir.path()), 2u);
}

TEST(OutputFile, ASymbolicLinkKeepsPointingAtTheNewFile) {
    test::TempDir dir;
    test::write_file(dir / "real.txt", "earlier");
    fs::create_symlink(dir / "real.txt", dir / "link.txt");
    write_output(dir / "link.txt", "new");
    EXPECT_TRUE(fs::is_symlink(dir / "link.txt"));
    EXPECT_EQ(test::read_file(dir / "real.txt"), "new");
}

// A write past the file-size limit (the full disk of a test): InputError with the system's
// reason, the earlier file as it was. Run in a child, whose limit cannot leak.
TEST(OutputFile, AFullDiskKeepsTheEarlierFile) {
    test::TempDir dir;
    const std::string path = dir / "out.txt";
    test::write_file(path, "earlier");
    const pid_t child = ::fork();
    if (child == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{64 * 1024, 64 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        const std::string e = error_of([&] { write_output(path, std::string(100000, 'y')); });
        ::_exit(e == path + ": cannot write (File too large)" ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(test::read_file(path), "earlier");
    EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(StagingFolder, FilesMoveTogetherAndAFolderIsSwapped) {
    test::TempDir dir;
    test::write_file(dir / "a.shp", "old shp");
    test::write_file(dir / "a.qix", "old index");
    {
        StagingFolder staging(dir / "a.shp");
        test::write_file((staging.path() / "a.shp").string(), "new shp");
        test::write_file((staging.path() / "a.dbf").string(), "new dbf");
        staging.commit_files(dir.path(), {"a.shp", "a.dbf", "a.qix"});
    }
    EXPECT_EQ(test::read_file(dir / "a.shp"), "new shp");
    EXPECT_EQ(test::read_file(dir / "a.dbf"), "new dbf");
    EXPECT_FALSE(fs::exists(dir / "a.qix"));
    EXPECT_EQ(entries(dir.path()), 2u);

    fs::create_directory(dir / "package");
    test::write_file(dir / "package/old.txt", "old");
    {
        StagingFolder staging(dir / "package");
        test::write_file((staging.path() / "new.txt").string(), "new");
        staging.commit_as(staging.target_path());
    }
    EXPECT_FALSE(fs::exists(dir / "package/old.txt"));
    EXPECT_EQ(test::read_file(dir / "package/new.txt"), "new");
    {
        StagingFolder staging(dir / "package");
        test::write_file((staging.path() / "never.txt").string(), "never");
    }
    EXPECT_EQ(test::read_file(dir / "package/new.txt"), "new");
    EXPECT_EQ(entries(dir.path()), 3u);
}
