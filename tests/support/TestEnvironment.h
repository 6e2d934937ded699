//===- TestEnvironment.h - A hermetic Environment and a capturing Output --===//
#pragma once

#include "Environment.h"
#include "LSPServer.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace cgols::test {

/// Files in memory over the real file system (for Clang's resource
/// directory and the fixtures); `go env -json` answered from a string.
class TestEnvironment : public Environment {
public:
  TestEnvironment();
  void addFile(const std::string &Path, const std::string &Text);
  std::map<std::string, std::string> Vars;
  std::string GoEnvJson = R"({"GOVERSION":"go1.22.0","GOHOSTOS":"linux",
    "GOHOSTARCH":"amd64","GOOS":"linux","GOARCH":"amd64","CGO_ENABLED":"1",
    "CC":"clang","CGO_CFLAGS":"-g -O2","CGO_CPPFLAGS":""})";
  std::vector<std::vector<std::string>> Ran;
  /// The editor's variables each program of Ran was given.
  std::vector<std::map<std::string, std::string>> RanWith;
  /// What `pkg-config --cflags -- NAME` prints for each known package; an
  /// unknown one fails as pkg-config does.
  std::map<std::string, std::string> PkgConfigCFlags;
  /// What `pkg-config --modversion -- NAME` prints ("1.0" when not set).
  std::map<std::string, std::string> PkgConfigVersions;
  /// Recorded answers by command line: the program's file name (not its
  /// directory) and its arguments, joined by spaces ("clang --version",
  /// "ld -v"). Asked before the go env and pkg-config answers above.
  std::map<std::string, RunResult> Answers;

  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem() override;

protected:
  std::optional<std::string>
  processVariable(const std::string &Name) const override;
  RunResult runProgram(const std::vector<std::string> &Argv,
                       unsigned TimeoutSeconds) override;

private:
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> Mem;
  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS;
};

/// Captures what the server sends.
class CaptureOutput : public Output {
public:
  void send(const boost::json::value &V) override;
  std::vector<boost::json::value> take();
  std::vector<boost::json::value> all();
  /// The response to a request id, waiting up to a few seconds.
  std::optional<boost::json::value>
  response(std::int64_t Id,
           std::chrono::milliseconds Wait = std::chrono::seconds(30));

private:
  std::mutex M;
  std::condition_variable CV;
  std::vector<boost::json::value> Msgs;
};

/// Sends a message to an in-process server as a frame.
void sendTo(LSPServer &S, const boost::json::value &V);

} // namespace cgols::test
