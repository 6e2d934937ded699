//===- Environment.cpp - The real environment and toolchain probes --------===//
#include "Environment.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <set>
#include <sstream>
#include <thread>

#include <signal.h>
#include <unistd.h>

extern char **environ; // POSIX; not declared by every unistd.h

namespace cgols {

namespace {

// Variables a child may see: what the go command, pkg-config, xcrun and C
// compilers read. Everything else of the server's environment (tokens,
// editor variables, LD_PRELOAD, ...) stays behind.
bool passedToChildren(const std::string &Name) {
  static const char *const Exact[] = {"HOME",
                                      "USER",
                                      "LOGNAME",
                                      "LANG",
                                      "TMPDIR",
                                      "TZ",
                                      "SDKROOT",
                                      "DEVELOPER_DIR",
                                      "CC",
                                      "CXX",
                                      "AR",
                                      "PKG_CONFIG",
                                      "XDG_CACHE_HOME",
                                      "XDG_CONFIG_HOME",
                                      "MACOSX_DEPLOYMENT_TARGET"};
  for (const char *E : Exact)
    if (Name == E)
      return true;
  for (const char *P : {"LC_", "GO", "CGO_", "PKG_CONFIG_"})
    if (Name.rfind(P, 0) == 0)
      return true;
  return false;
}

std::string absolutePathEntries(const std::string &Path) {
  std::string Out;
  std::size_t P = 0;
  while (P <= Path.size()) {
    std::size_t C = Path.find(':', P);
    std::string E = Path.substr(P, C == std::string::npos ? C : C - P);
    if (!E.empty() && E[0] == '/')
      Out += (Out.empty() ? "" : ":") + E;
    if (C == std::string::npos)
      break;
    P = C + 1;
  }
  return Out;
}

// Reads at most Max bytes of a file (a child's output).
std::string readCapped(llvm::StringRef Path, std::size_t Max) {
  auto B = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                       /*RequiresNullTerminator=*/false);
  if (!B)
    return "";
  llvm::StringRef S = (*B)->getBuffer();
  return S.take_front(Max).str();
}

} // namespace

std::vector<std::string>
childEnvironment(const std::vector<std::pair<std::string, std::string>> &Vars) {
  std::vector<std::string> Out;
  for (const auto &[N, V] : Vars) {
    if (N == "PATH") {
      Out.push_back("PATH=" + absolutePathEntries(V));
      continue;
    }
    if (N == "GOTOOLCHAIN" || N == "GOFLAGS" || N == "GOPROXY" ||
        !passedToChildren(N))
      continue;
    Out.push_back(N + "=" + V);
  }
  Out.push_back("GOTOOLCHAIN=local");
  Out.push_back("GOPROXY=off");
  return Out;
}

bool isEditorGoVariable(const std::string &Name) {
  return llvm::StringRef(Name).starts_with("CGO_") || Name == "CC" ||
         Name == "CXX" || Name == "PKG_CONFIG_PATH" || Name == "SDKROOT";
}

std::vector<std::pair<std::string, std::string>>
withEditorVariables(std::vector<std::pair<std::string, std::string>> Vars,
                    const std::map<std::string, std::string> &Editor) {
  std::set<std::string> Done;
  for (auto &[N, V] : Vars)
    if (auto It = Editor.find(N); It != Editor.end()) {
      V = It->second;
      Done.insert(N);
    }
  for (const auto &[N, V] : Editor)
    if (!Done.count(N))
      Vars.emplace_back(N, V);
  return Vars;
}

std::optional<std::string> Environment::getenv(const std::string &N) const {
  {
    std::lock_guard<std::mutex> L(EditorM);
    if (auto It = Editor.find(N); It != Editor.end())
      return It->second;
  }
  return processVariable(N);
}

bool Environment::setEditorVariables(
    const std::map<std::string, std::string> &Vars) {
  std::map<std::string, std::string> Kept;
  for (const auto &[N, V] : Vars)
    if (isEditorGoVariable(N))
      Kept[N] = V;
  std::lock_guard<std::mutex> L(EditorM);
  if (Kept == Editor)
    return false;
  Editor = std::move(Kept);
  return true;
}

std::map<std::string, std::string> Environment::editorVariables() const {
  std::lock_guard<std::mutex> L(EditorM);
  return Editor;
}

std::optional<std::string> findProgram(const std::string &Name,
                                       const std::string &Path) {
  if (Name.empty())
    return std::nullopt;
  auto Usable = [](const std::string &P) {
    llvm::sys::fs::file_status St;
    return !llvm::sys::fs::status(P, St) &&
           St.type() == llvm::sys::fs::file_type::regular_file &&
           llvm::sys::fs::can_execute(P);
  };
  if (Name.find('/') != std::string::npos) {
    if (Name[0] != '/')
      return std::nullopt; // relative to the working directory: never
    return Usable(Name) ? std::optional<std::string>(Name) : std::nullopt;
  }
  std::string Abs = absolutePathEntries(Path);
  std::size_t P = 0;
  while (P < Abs.size()) {
    std::size_t C = Abs.find(':', P);
    std::string Dir = Abs.substr(P, C == std::string::npos ? C : C - P);
    std::string Cand = Dir + "/" + Name;
    if (Usable(Cand))
      return Cand;
    if (C == std::string::npos)
      break;
    P = C + 1;
  }
  return std::nullopt;
}

RealEnvironment::RealEnvironment() {
  if (auto T = getenv("CGOLS_PROGRAM_TIMEOUT"))
    MaxSeconds = static_cast<unsigned>(std::max(1, std::atoi(T->c_str())));
}

std::optional<std::string>
RealEnvironment::processVariable(const std::string &N) const {
  if (const char *V = std::getenv(N.c_str()))
    return std::string(V);
  return std::nullopt;
}

std::optional<std::string> RealEnvironment::cacheDirectory() const {
  if (auto D = getenv("CGOLS_CACHE_DIR")) {
    if (D->empty() || !llvm::sys::path::is_absolute(*D))
      return std::nullopt;
    return *D;
  }
  llvm::SmallString<256> Dir;
  if (!llvm::sys::path::cache_directory(Dir))
    return std::nullopt;
  llvm::sys::path::append(Dir, "cgols");
  return std::string(Dir);
}

namespace {

/// The real disk as analyses may read it: regular files only, and not
/// enormous ones. A repository's FIFO or /dev/stdin as a header or .go file
/// would block the reader forever (/dev/stdin is the LSP input itself), and
/// a symlink to /dev/zero would grow memory until the process dies.
class RegularFilesOnly : public llvm::vfs::ProxyFileSystem {
public:
  explicit RegularFilesOnly(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)
      : ProxyFileSystem(std::move(FS)) {}
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    auto St = status(Path);
    if (!St)
      return St.getError();
    if (St->getType() != llvm::sys::fs::file_type::regular_file)
      return std::make_error_code(std::errc::invalid_argument);
    if (St->getSize() > MaxFileSize)
      return std::make_error_code(std::errc::file_too_large);
    return ProxyFileSystem::openFileForRead(Path);
  }

private:
  static constexpr std::uint64_t MaxFileSize = 256ull << 20;
};

} // namespace

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> RealEnvironment::fileSystem() {
  static llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
      llvm::makeIntrusiveRefCnt<RegularFilesOnly>(
          llvm::vfs::getRealFileSystem());
  return FS;
}

// No signals and no alarm(): LLVM's ExecuteAndWait times out with SIGALRM,
// which in a threaded server lands on whichever thread the kernel picks (the
// reader's read() rather than the worker's waitpid()), so the child ran on.
// Here the waiting thread polls the child and kills it at the deadline.
RunResult RealEnvironment::runProgram(const std::vector<std::string> &Argv,
                                      unsigned TimeoutSeconds) {
  RunResult R;
  if (Argv.empty())
    return R;
  std::string PathVar = getenv("PATH").value_or("");
  auto Prog = findProgram(Argv[0], PathVar);
  if (!Prog) {
    R.StartError = Argv[0] + (Argv[0].find('/') == std::string::npos
                                  ? ": not found in the absolute entries "
                                    "of PATH"
                                  : ": not an executable file given by an "
                                    "absolute path");
    return R;
  }
  if (MaxSeconds && (TimeoutSeconds == 0 || TimeoutSeconds > MaxSeconds))
    TimeoutSeconds = MaxSeconds;
  llvm::SmallString<128> OutPath, ErrPath;
  if (llvm::sys::fs::createTemporaryFile("cgols-out", "txt", OutPath) ||
      llvm::sys::fs::createTemporaryFile("cgols-err", "txt", ErrPath)) {
    R.StartError = "cannot create a temporary file";
    return R;
  }
  std::vector<std::pair<std::string, std::string>> Vars;
  for (char **E = ::environ; E && *E; ++E) {
    llvm::StringRef KV(*E);
    auto [K, V] = KV.split('=');
    Vars.emplace_back(K.str(), V.str());
  }
  std::vector<std::string> EnvStrings =
      childEnvironment(withEditorVariables(std::move(Vars), editorVariables()));
  std::vector<llvm::StringRef> EnvRefs(EnvStrings.begin(), EnvStrings.end());
  std::vector<llvm::StringRef> Args(Argv.begin(), Argv.end());
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                OutPath.str(), ErrPath.str()};
  std::string ErrMsg;
  bool Failed = false;
  llvm::sys::ProcessInfo PI = llvm::sys::ExecuteNoWait(
      *Prog, Args, llvm::ArrayRef<llvm::StringRef>(EnvRefs), Redirects, 0,
      &ErrMsg, &Failed);
  if (Failed || PI.Pid == llvm::sys::ProcessInfo::InvalidPid) {
    R.StartError = ErrMsg.empty() ? "cannot start " + *Prog : ErrMsg;
  } else {
    R.Started = true;
    auto Deadline = std::chrono::steady_clock::now() +
                    std::chrono::seconds(TimeoutSeconds ? TimeoutSeconds : 20);
    auto Pause = std::chrono::milliseconds(1);
    llvm::sys::ProcessInfo Done;
    while (true) {
      Done = llvm::sys::Wait(PI, 0, &ErrMsg);
      if (Done.Pid != 0)
        break;
      if (std::chrono::steady_clock::now() >= Deadline) {
        ::kill(PI.Pid, SIGKILL);
        Done = llvm::sys::Wait(PI, std::nullopt, &ErrMsg);
        R.TimedOut = true;
        break;
      }
      std::this_thread::sleep_for(Pause);
      Pause = std::min(Pause * 2, std::chrono::milliseconds(50));
    }
    R.ExitCode = R.TimedOut ? -2 : Done.ReturnCode;
    R.Out = readCapped(OutPath, 16u << 20);
    R.Err = readCapped(ErrPath, 1u << 20);
    if (R.TimedOut)
      R.Err += (R.Err.empty() ? "" : "\n") + Argv[0] + " was stopped after " +
               std::to_string(TimeoutSeconds) + " s";
  }
  llvm::sys::fs::remove(OutPath);
  llvm::sys::fs::remove(ErrPath);
  return R;
}

std::vector<std::string> splitFields(const std::string &S) {
  std::istringstream In(S);
  std::vector<std::string> Out;
  for (std::string W; In >> W;)
    Out.push_back(W);
  return Out;
}

namespace {

/// The CGO_*FLAGS variables cgols reads, where they go, and the go
/// command's defaults for them (cmd/go's Builder.CFlags: "-g -O2" for the C and
/// linker flags, nothing for the preprocessor's).
struct CgoFlagVar {
  const char *Name;
  std::vector<std::string> Toolchain::*Member;
  const char *Default;
};
const CgoFlagVar CgoFlagVars[] = {
    {"CGO_CFLAGS", &Toolchain::CgoCFLAGS, "-g -O2"},
    {"CGO_CPPFLAGS", &Toolchain::CgoCPPFLAGS, ""},
    {"CGO_LDFLAGS", &Toolchain::CgoLDFLAGS, "-g -O2"},
};

} // namespace

std::optional<std::map<std::string, std::string>>
goEnvVariables(const std::string &Json) {
  boost::system::error_code EC;
  boost::json::value V = boost::json::parse(Json, EC);
  if (EC || !V.is_object())
    return std::nullopt;
  std::map<std::string, std::string> Out;
  for (const auto &KV : V.as_object())
    if (KV.value().is_string())
      Out[std::string(KV.key())] = std::string(KV.value().as_string());
  return Out;
}

Toolchain parseGoEnvJson(const std::string &Json) {
  Toolchain T;
  auto Vars = goEnvVariables(Json);
  if (!Vars) {
    T.Problem = "`go env -json` printed something that is not JSON";
    return T;
  }
  auto Get = [&](const char *K) -> std::string {
    auto It = Vars->find(K);
    return It == Vars->end() ? "" : It->second;
  };
  T.GoFound = true;
  T.GoVersion = Get("GOVERSION");
  if (T.GoVersion.rfind("go1.", 0) == 0) {
    T.GoMinor = std::atoi(T.GoVersion.c_str() + 4);
    std::size_t Dot = T.GoVersion.find('.', 4);
    if (Dot != std::string::npos)
      T.GoPatch = std::atoi(T.GoVersion.c_str() + Dot + 1);
  }
  if (!Get("GOHOSTOS").empty())
    T.GOHOSTOS = Get("GOHOSTOS");
  if (!Get("GOHOSTARCH").empty())
    T.GOHOSTARCH = Get("GOHOSTARCH");
  T.GOOS = Get("GOOS");
  T.GOARCH = Get("GOARCH");
  T.CgoEnabled = Get("CGO_ENABLED") != "0";
  T.CC = Get("CC");
  T.GOROOT = Get("GOROOT");
  T.GOENV = Get("GOENV");
  T.GOMODCACHE = Get("GOMODCACHE");
  T.GOWORK = Get("GOWORK");
  T.GOPATH = Get("GOPATH");
  for (const CgoFlagVar &F : CgoFlagVars)
    if (Vars->count(F.Name))
      T.*F.Member = splitFields(Get(F.Name));
  return T;
}

namespace {

/// Whether a go env file (GOENV's, or GOROOT's go.env since Go 1.21) may
/// set a CGO_*FLAGS variable. Only then does cgols ask go for them.
bool goEnvFilesMayHaveCgoFlags(Environment &Env, const Toolchain &T) {
  auto FS = Env.fileSystem();
  for (const std::string &F :
       {T.GOENV == "off" ? std::string() : T.GOENV,
        T.GOROOT.empty() ? std::string() : T.GOROOT + "/go.env"}) {
    if (F.empty())
      continue;
    auto B = FS->getBufferForFile(F);
    if (B && (*B)->getBuffer().contains("CGO_"))
      return true;
  }
  return false;
}

} // namespace

Toolchain probeToolchain(Environment &Env) {
  Toolchain T;
  // Named variables only: `go env` with none, or naming a CGO_*FLAGS one,
  // also works out GOGCCFLAGS by running the C compiler four times
  // (0.11 s against 0.005 s here, at every start and every cgols check).
  RunResult R = Env.run({"go", "env", "-json", "GOVERSION", "GOHOSTOS",
                         "GOHOSTARCH", "GOOS", "GOARCH", "CGO_ENABLED", "CC",
                         "GOROOT", "GOENV", "GOMODCACHE", "GOWORK", "GOPATH"});
  if (R.Started && R.ExitCode == 0)
    T = parseGoEnvJson(R.Out);
  else
    T.Problem = R.Started ? "`go env -json` failed: " + R.Err
                          : "cannot run go: " + R.StartError;
  if (T.GoFound) {
    // As the go command reads them: the environment's value, else the go
    // env files', else its defaults. The files are asked through go.
    bool FromEnv = true;
    for (const CgoFlagVar &F : CgoFlagVars)
      FromEnv &= !Env.getenv(F.Name).value_or("").empty();
    if (!FromEnv && goEnvFilesMayHaveCgoFlags(Env, T)) {
      std::vector<std::string> Argv = {"go", "env", "-json"};
      for (const CgoFlagVar &F : CgoFlagVars)
        Argv.push_back(F.Name);
      RunResult FR = Env.run(Argv);
      if (FR.Started && FR.ExitCode == 0) {
        Toolchain G = parseGoEnvJson(FR.Out);
        for (const CgoFlagVar &F : CgoFlagVars)
          T.*F.Member = std::move(G.*F.Member);
      }
    } else {
      for (const CgoFlagVar &F : CgoFlagVars) {
        std::string V = Env.getenv(F.Name).value_or("");
        T.*F.Member = splitFields(V.empty() ? F.Default : V);
      }
    }
  }
  if (auto S = Env.getenv("SDKROOT"))
    T.SDKROOT = *S;
  return T;
}

} // namespace cgols
