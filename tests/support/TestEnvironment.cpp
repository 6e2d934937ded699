//===- TestEnvironment.cpp ------------------------------------------------===//
#include "TestEnvironment.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>

namespace cgols::test {

TestEnvironment::TestEnvironment()
    : Mem(llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>()),
      FS(llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
          llvm::vfs::getRealFileSystem())) {
  FS->pushOverlay(Mem);
}

void TestEnvironment::addFile(const std::string &Path,
                              const std::string &Text) {
  Mem->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text, Path));
}

std::optional<std::string>
TestEnvironment::processVariable(const std::string &Name) const {
  auto It = Vars.find(Name);
  if (It == Vars.end())
    return std::nullopt;
  return It->second;
}

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> TestEnvironment::fileSystem() {
  return FS;
}

RunResult TestEnvironment::runProgram(const std::vector<std::string> &Argv,
                                      unsigned) {
  Ran.push_back(Argv);
  RanWith.push_back(editorVariables());
  if (!Argv.empty()) {
    std::string Line = llvm::sys::path::filename(Argv[0]).str();
    for (std::size_t I = 1; I < Argv.size(); ++I)
      Line += " " + Argv[I];
    if (auto It = Answers.find(Line); It != Answers.end())
      return It->second;
  }
  RunResult R;
  if (Argv.size() >= 3 &&
      (Argv[0] == "go" || llvm::StringRef(Argv[0]).ends_with("/go")) &&
      Argv[1] == "env" && Argv[2] == "-json") {
    R.Started = true;
    R.ExitCode = 0;
    // As go does: what the environment sets wins over its defaults.
    boost::json::object All = boost::json::parse(GoEnvJson).as_object();
    for (const auto &[N, V] : editorVariables())
      All[N] = V;
    R.Out = boost::json::serialize(All);
    if (Argv.size() > 3) {
      // As go does: the variables named, "" for those it has no value of.
      boost::json::object Named;
      for (std::size_t I = 3; I < Argv.size(); ++I) {
        auto *V = All.if_contains(Argv[I]);
        Named[Argv[I]] = V ? *V : boost::json::value("");
      }
      R.Out = boost::json::serialize(Named);
    }
    return R;
  }
  if (!Argv.empty() && Argv[0] == "pkg-config") {
    R.Started = true;
    if (Argv.size() == 2 && Argv[1] == "--list-all") {
      // As pkg-config does: each package, a space, its description.
      R.ExitCode = 0;
      for (const auto &[Name, Flags] : PkgConfigCFlags)
        R.Out += Name + "  " + Name + " (a package of the test)\n";
      return R;
    }
    auto Dash = std::find(Argv.begin(), Argv.end(), "--");
    for (auto It = Dash == Argv.end() ? Dash : Dash + 1; It != Argv.end();
         ++It) {
      auto P = PkgConfigCFlags.find(*It);
      bool Version = std::find(Argv.begin(), Dash, "--modversion") != Dash;
      if (Version && P != PkgConfigCFlags.end()) {
        auto V = PkgConfigVersions.find(*It);
        R.Out += (V == PkgConfigVersions.end() ? "1.0" : V->second) + "\n";
        continue;
      }
      if (P == PkgConfigCFlags.end()) {
        R.ExitCode = 1;
        R.Err = "Package " + *It +
                " was not found in the pkg-config search "
                "path.\nPerhaps you should add the directory containing `" +
                *It + ".pc'\nto the PKG_CONFIG_PATH environment variable\n";
        R.Out.clear();
        return R;
      }
      R.Out += (R.Out.empty() ? "" : " ") + P->second;
    }
    R.ExitCode = 0;
    if (R.Out.empty() || R.Out.back() != '\n')
      R.Out += "\n";
    return R;
  }
  R.StartError = Argv.empty() ? "no program" : Argv[0] + ": not in the test";
  return R;
}

void CaptureOutput::send(const boost::json::value &V) {
  {
    std::lock_guard<std::mutex> L(M);
    Msgs.push_back(V);
  }
  CV.notify_all();
}

std::vector<boost::json::value> CaptureOutput::take() {
  std::lock_guard<std::mutex> L(M);
  std::vector<boost::json::value> Out;
  Out.swap(Msgs);
  return Out;
}

std::vector<boost::json::value> CaptureOutput::all() {
  std::lock_guard<std::mutex> L(M);
  return Msgs;
}

std::optional<boost::json::value>
CaptureOutput::response(std::int64_t Id, std::chrono::milliseconds Wait) {
  std::unique_lock<std::mutex> L(M);
  std::optional<boost::json::value> Found;
  CV.wait_for(L, Wait, [&] {
    for (const auto &V : Msgs)
      if (const auto *O = V.if_object())
        if (const auto *I = O->if_contains("id"); I && I->is_int64() &&
                                                  I->as_int64() == Id &&
                                                  !O->contains("method")) {
          Found = V;
          return true;
        }
    return false;
  });
  return Found;
}

void sendTo(LSPServer &S, const boost::json::value &V) {
  protocol::Frame F;
  F.Body = boost::json::serialize(V);
  S.onFrame(F);
}

} // namespace cgols::test
