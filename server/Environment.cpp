//===- Environment.cpp - The real environment and toolchain probes --------===//
#include "Environment.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <boost/json.hpp>

#include <cstdlib>
#include <sstream>

namespace cgols {

std::optional<std::string> RealEnvironment::getenv(const std::string &N) const {
  if (const char *V = std::getenv(N.c_str()))
    return std::string(V);
  return std::nullopt;
}

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> RealEnvironment::fileSystem() {
  return llvm::vfs::getRealFileSystem();
}

RunResult RealEnvironment::run(const std::vector<std::string> &Argv,
                               unsigned TimeoutSeconds) {
  RunResult R;
  if (Argv.empty())
    return R;
  std::string Prog = Argv[0];
  if (Prog.find('/') == std::string::npos) {
    auto Found = llvm::sys::findProgramByName(Prog);
    if (!Found) {
      R.StartError = Prog + ": not found on PATH";
      return R;
    }
    Prog = *Found;
  }
  llvm::SmallString<128> OutPath, ErrPath;
  if (llvm::sys::fs::createTemporaryFile("cgols-out", "txt", OutPath) ||
      llvm::sys::fs::createTemporaryFile("cgols-err", "txt", ErrPath)) {
    R.StartError = "cannot create a temporary file";
    return R;
  }
  std::vector<llvm::StringRef> Args(Argv.begin(), Argv.end());
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                OutPath.str(), ErrPath.str()};
  std::string ErrMsg;
  bool Failed = false;
  R.ExitCode = llvm::sys::ExecuteAndWait(Prog, Args, std::nullopt, Redirects,
                                         TimeoutSeconds, 0, &ErrMsg, &Failed);
  R.Started = !Failed;
  if (Failed)
    R.StartError = ErrMsg;
  if (auto B = llvm::MemoryBuffer::getFile(OutPath))
    R.Out = (*B)->getBuffer().str();
  if (auto B = llvm::MemoryBuffer::getFile(ErrPath))
    R.Err = (*B)->getBuffer().str();
  llvm::sys::fs::remove(OutPath);
  llvm::sys::fs::remove(ErrPath);
  return R;
}

namespace {
std::vector<std::string> splitFields(const std::string &S) {
  std::istringstream In(S);
  std::vector<std::string> Out;
  for (std::string W; In >> W;)
    Out.push_back(W);
  return Out;
}
} // namespace

Toolchain parseGoEnvJson(const std::string &Json) {
  Toolchain T;
  boost::system::error_code EC;
  boost::json::value V = boost::json::parse(Json, EC);
  if (EC || !V.is_object()) {
    T.Problem = "`go env -json` printed something that is not JSON";
    return T;
  }
  const boost::json::object &O = V.as_object();
  auto Get = [&](const char *K) -> std::string {
    if (auto *X = O.if_contains(K); X && X->is_string())
      return std::string(X->as_string());
    return "";
  };
  T.GoFound = true;
  T.GoVersion = Get("GOVERSION");
  if (T.GoVersion.rfind("go1.", 0) == 0)
    T.GoMinor = std::atoi(T.GoVersion.c_str() + 4);
  if (!Get("GOHOSTOS").empty())
    T.GOHOSTOS = Get("GOHOSTOS");
  if (!Get("GOHOSTARCH").empty())
    T.GOHOSTARCH = Get("GOHOSTARCH");
  T.GOOS = Get("GOOS");
  T.GOARCH = Get("GOARCH");
  T.CgoEnabled = Get("CGO_ENABLED") != "0";
  T.CC = Get("CC");
  T.CgoCFLAGS = splitFields(Get("CGO_CFLAGS"));
  T.CgoCPPFLAGS = splitFields(Get("CGO_CPPFLAGS"));
  return T;
}

Toolchain probeToolchain(Environment &Env) {
  Toolchain T;
  RunResult R = Env.run({"go", "env", "-json"});
  if (R.Started && R.ExitCode == 0)
    T = parseGoEnvJson(R.Out);
  else
    T.Problem = R.Started ? "`go env -json` failed: " + R.Err
                          : "cannot run go: " + R.StartError;
  if (auto S = Env.getenv("SDKROOT"))
    T.SDKROOT = *S;
  return T;
}

} // namespace cgols
