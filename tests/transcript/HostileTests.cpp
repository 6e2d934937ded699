//===- HostileTests.cpp - A hostile repository, opened and checked --------===//
//
// Each test lays out a repository that tries to make cgols write a file, run
// the repository's own programs or corrupt its output, then runs the real
// binary on it (`cgols check`, or `cgols serve` over pipes) with PATH set to
// a folder of recording stubs (go, pkg-config, xcrun). It asserts that the
// victim files are untouched, that only the stubs ran (with the arguments and
// environment cgols must give them), and that the server still answers.
//
//===----------------------------------------------------------------------===//
#include "ChildServer.h"
#include "protocol/Utf8.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace cgols::protocol;
using cgols::test::Child;
using cgols::test::didOpen;
using cgols::test::nextPublication;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

std::string method(const json::value &M) {
  if (const json::value *V = M.as_object().if_contains("method"))
    return std::string(V->as_string());
  return "";
}

/// The first publishDiagnostics; the showMessage texts before it go to Shown.
/// Shown: window/showMessage texts, or with Method window/logMessage.
std::optional<json::value>
firstPublication(Child &C, std::vector<std::string> &Shown,
                 const char *Method = "window/showMessage") {
  while (auto M = C.next()) {
    if (method(*M) == Method)
      Shown.push_back(std::string(M->at("params").at("message").as_string()));
    if (method(*M) == "textDocument/publishDiagnostics")
      return M;
  }
  return std::nullopt;
}

std::string readFile(const fs::path &P) {
  std::ifstream In(P, std::ios::binary);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

void writeFile(const fs::path &P, const std::string &Text, bool Exec = false) {
  fs::create_directories(P.parent_path());
  std::ofstream(P, std::ios::binary) << Text;
  if (Exec)
    fs::permissions(P, fs::perms::owner_all | fs::perms::group_read |
                           fs::perms::group_exec | fs::perms::others_read |
                           fs::perms::others_exec);
}

/// A temporary folder with stubs/ (recording go, pkg-config, xcrun), repo/
/// (the hostile repository) and a victim file beside them.
class Sandbox {
public:
  explicit Sandbox(const std::string &GoVersion = "go1.25.7") {
    std::string T = (fs::temp_directory_path() / "cgols-hostile-XXXXXX");
    char *D = mkdtemp(T.data());
    EXPECT_TRUE(D);
    Root = D;
    Log = Root / "stubs.log";
    // PATH holds only the stubs: they use shell builtins and absolute paths.
    std::string Record = "#!/bin/sh\necho \"${0##*/} $*\" >> '" + Log.string() +
                         "'\n/usr/bin/env > '" + (Root / "env-").string() +
                         "'\"${0##*/}\"\n";
    writeFile(Root / "stubs/go",
              Record +
                  "if [ \"$1\" = env ]; then\n  echo "
                  "'{\"GOVERSION\":\"" +
                  GoVersion +
                  "\",\"GOHOSTOS\":\"linux\",\"GOHOSTARCH\":\"amd64\","
                  "\"GOOS\":\"linux\",\"GOARCH\":\"amd64\",\"CGO_ENABLED\":"
                  "\"1\",\"CC\":\"gcc\",\"CGO_CFLAGS\":\"-g -O2\"}'\nfi\n",
              true);
    writeFile(Root / "stubs/pkg-config",
              Record + "echo \"Package $3 was not found in the pkg-config "
                       "search path.\" >&2\nexit 1\n",
              true);
    writeFile(Root / "stubs/xcrun", Record + "exit 1\n", true);
    writeFile(Root / "victim", "precious\n");
  }
  ~Sandbox() {
    std::error_code EC;
    fs::remove_all(Root, EC);
  }
  /// The environment for cgols: PATH as given (stubs by default), a secret
  /// that must not reach any child, nothing else of ours.
  std::vector<std::string> env(const std::string &Path = "") const {
    return {"PATH=" + (Path.empty() ? (Root / "stubs").string() : Path),
            "HOME=" + Root.string(),
            "TMPDIR=" + Root.string(),
            "CGOLS_CLANG_RESOURCE_DIR=" CGOLS_CLANG_RESOURCE_DIR,
            "SECRET_TOKEN=do-not-leak",
            "GOTOOLCHAIN=auto",
            "GOFLAGS=-mod=mod"};
  }
  std::string ran() const { return readFile(Log); }
  std::string childEnv(const std::string &Stub) const {
    return readFile(Root / ("env-" + Stub));
  }
  /// Every file under Root except the stubs' own records.
  std::vector<std::string> files() const {
    std::vector<std::string> Out;
    for (const auto &E : fs::recursive_directory_iterator(Root)) {
      std::string Rel = fs::relative(E.path(), Root).string();
      if (Rel == "stubs.log" || Rel.rfind("env-", 0) == 0)
        continue;
      Out.push_back(Rel);
    }
    std::sort(Out.begin(), Out.end());
    return Out;
  }
  fs::path Root, Log;
};

struct Ran {
  int Code;
  std::string Out;
};

/// Runs `cgols ARGS...` in Cwd with exactly Env, stdout and stderr together.
Ran runCgols(const std::vector<std::string> &Args,
             const std::vector<std::string> &Env, const fs::path &Cwd) {
  int P[2];
  EXPECT_EQ(pipe(P), 0);
  pid_t Pid = fork();
  if (Pid == 0) {
    dup2(P[1], 1);
    dup2(P[1], 2);
    close(P[0]);
    if (chdir(Cwd.c_str()) != 0)
      _exit(126);
    std::vector<std::string> A = {CGOLS_BINARY};
    A.insert(A.end(), Args.begin(), Args.end());
    std::vector<char *> Argv, Envp;
    for (std::string &S : A)
      Argv.push_back(S.data());
    Argv.push_back(nullptr);
    std::vector<std::string> E = Env;
    for (std::string &S : E)
      Envp.push_back(S.data());
    Envp.push_back(nullptr);
    execve(CGOLS_BINARY, Argv.data(), Envp.data());
    _exit(127);
  }
  close(P[1]);
  std::string Out;
  std::array<char, 4096> Buf;
  ssize_t N;
  while ((N = read(P[0], Buf.data(), Buf.size())) > 0)
    Out.append(Buf.data(), static_cast<std::size_t>(N));
  close(P[0]);
  int St = 0;
  waitpid(Pid, &St, 0);
  return {WIFEXITED(St) ? WEXITSTATUS(St) : -1, Out};
}

const char *LogFilePackage = R"(package a

// #cgo pkg-config: --log-file=${SRCDIR}/../../victim zlib
// #include <stdlib.h>
import "C"

func F() { C.free(nil) }
)";

TEST(Hostile, PkgConfigLogFileNeverReachesPkgConfig) {
  Sandbox S;
  writeFile(S.Root / "repo/a/a.go", LogFilePackage);
  auto Before = S.files();
  Ran R = runCgols({"check", "--target", "linux/amd64", "repo/..."}, S.env(),
                   S.Root);
  EXPECT_EQ(R.Code, 1) << R.Out;
  EXPECT_THAT(R.Out, HasSubstr("a.go:3:21: error: Remove --log-file="));
  EXPECT_THAT(R.Out, HasSubstr("invalid flag in pkg-config: --log-file="));
  EXPECT_EQ(readFile(S.Root / "victim"), "precious\n");
  // Nothing written but cgols's own link index cache (the preambles are
  // compiled without pkg-config's flags, so the index is loaded).
  auto After = S.files();
  After.erase(std::remove_if(After.begin(), After.end(),
                             [](const std::string &F) {
                               return F.rfind(".cache", 0) == 0;
                             }),
              After.end());
  EXPECT_EQ(After, Before);
  // go 1.25.7 rejects the option, so go build stops, and cgols asks
  // pkg-config nothing at all.
  EXPECT_THAT(S.ran(), Not(HasSubstr("pkg-config")));
  EXPECT_THAT(S.ran(), Not(HasSubstr("--log-file")));
}

TEST(Hostile, PkgConfigOptionsAreDroppedForOlderGo) {
  Sandbox S("go1.19.8");
  writeFile(S.Root / "repo/a/a.go",
            "package a\n\n// #cgo pkg-config: --with-path=${SRCDIR} "
            "--log-file=${SRCDIR}/../../victim zlib\nimport \"C\"\n");
  Ran R =
      runCgols({"check", "--target", "linux/amd64", "repo/a"}, S.env(), S.Root);
  EXPECT_THAT(R.Out, HasSubstr("warning: Remove --with-path="));
  EXPECT_THAT(R.Out, HasSubstr("warning: Remove --log-file="));
  // pkg-config ran with the package name only.
  EXPECT_THAT(S.ran(), HasSubstr("pkg-config --cflags -- zlib\n"));
  EXPECT_THAT(S.ran(), Not(HasSubstr("--with-path")));
  EXPECT_THAT(S.ran(), Not(HasSubstr("--log-file")));
  EXPECT_EQ(readFile(S.Root / "victim"), "precious\n");
}

TEST(Hostile, RepositoryProgramsNeverRunAndChildrenGetABuiltEnvironment) {
  Sandbox S;
  writeFile(S.Root / "repo/a/a.go",
            "package a\n\n// #cgo pkg-config: zlib\nimport \"C\"\n");
  // The repository ships its own go and pkg-config; PATH has relative
  // entries (".", "", "bin") that would find them from its folder.
  std::string Pwn =
      "#!/bin/sh\n/usr/bin/touch '" + (S.Root / "PWNED").string() + "'\n";
  writeFile(S.Root / "repo/a/go", Pwn, true);
  writeFile(S.Root / "repo/a/pkg-config", Pwn, true);
  writeFile(S.Root / "repo/a/bin/go", Pwn, true);
  std::string Path = ".::bin:" + (S.Root / "stubs").string();
  Ran R = runCgols({"check", "--target", "linux/amd64", "."}, S.env(Path),
                   S.Root / "repo/a");
  EXPECT_FALSE(fs::exists(S.Root / "PWNED")) << R.Out;
  EXPECT_THAT(S.ran(), HasSubstr("go env -json"));
  EXPECT_THAT(S.ran(), HasSubstr("pkg-config --cflags -- zlib"));
  std::string GoEnv = S.childEnv("go");
  EXPECT_THAT(GoEnv, HasSubstr("GOTOOLCHAIN=local\n"));
  EXPECT_THAT(GoEnv, HasSubstr("GOPROXY=off\n"));
  EXPECT_THAT(GoEnv, Not(HasSubstr("GOTOOLCHAIN=auto")));
  EXPECT_THAT(GoEnv, Not(HasSubstr("GOFLAGS")));
  EXPECT_THAT(GoEnv, Not(HasSubstr("SECRET_TOKEN")));
  EXPECT_THAT(GoEnv, HasSubstr("PATH=" + (S.Root / "stubs").string() + "\n"));
  // Programs run in a neutral folder, not in the repository.
  EXPECT_THAT(GoEnv, Not(HasSubstr("PWD=" + (S.Root / "repo").string())));
}

TEST(Hostile, UntrustedCheckRunsNoProgram) {
  Sandbox S;
  writeFile(S.Root / "repo/a/a.go",
            "package a\n\n// #cgo pkg-config: zlib\n// #cgo LDFLAGS -lm\n"
            "import \"C\"\n");
  Ran R =
      runCgols({"check", "--untrusted", "--target", "linux/amd64", "repo/..."},
               S.env(), S.Root);
  EXPECT_EQ(R.Code, 1) << R.Out;
  EXPECT_EQ(S.ran(), "") << "a program ran";
  EXPECT_THAT(R.Out, HasSubstr("not trusted"));
  EXPECT_THAT(R.Out, HasSubstr("invalid #cgo line: #cgo LDFLAGS -lm"));
  EXPECT_THAT(R.Out, HasSubstr("info: #cgo pkg-config is not resolved"));
}

TEST(Hostile, InvalidUtf8IsEscapedInTextAndJson) {
  Sandbox S;
  writeFile(S.Root / "repo/a/a.go",
            "package a\n\n// #cgo LDFLAGS -l\xE9\xFF\nimport \"C\"\n");
  Ran T =
      runCgols({"check", "--target", "linux/amd64", "repo/a"}, S.env(), S.Root);
  EXPECT_THAT(T.Out, HasSubstr("#cgo LDFLAGS -l<E9><FF>"));
  EXPECT_TRUE(isValidUtf8(T.Out));
  Ran J = runCgols(
      {"check", "--target", "linux/amd64", "--format", "json", "repo/a"},
      S.env(), S.Root);
  std::string Json = J.Out.substr(0, J.Out.find('\n'));
  boost::system::error_code EC;
  json::value V = json::parse(Json, EC); // Boost.JSON rejects bad UTF-8
  ASSERT_FALSE(EC) << Json;
  EXPECT_THAT(std::string(V.at(0).at("message").as_string()),
              HasSubstr("-l<E9><FF>"));
}

TEST(Hostile, UnreadableOrMissingPathsExitTwo) {
  Sandbox S;
  Ran R = runCgols({"check", "repo/nothing/..."}, S.env(), S.Root);
  EXPECT_EQ(R.Code, 2) << R.Out;
  EXPECT_THAT(R.Out, HasSubstr("No such file or directory"));
}

// FIFOs and devices as headers or .go files: nothing reads them (a FIFO
// blocks its reader forever; /dev/zero never ends). A valve opens the FIFOs
// for writing after a while, so that a regression fails on time instead of
// hanging the suite.
TEST(Hostile, FifosAndDevicesAreNeverRead) {
  Sandbox S;
  writeFile(S.Root / "repo/a/a.go",
            "package a\n\n// #include \"pipe.h\"\n// #include \"zero.h\"\n"
            "import \"C\"\n");
  fs::path Pipe = S.Root / "repo/a/pipe.h", GoPipe = S.Root / "repo/a/p.go";
  ASSERT_EQ(mkfifo(Pipe.c_str(), 0600), 0);
  ASSERT_EQ(mkfifo(GoPipe.c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", S.Root / "repo/a/zero.h");
  fs::create_symlink("/dev/zero", S.Root / "repo/a/z.go");
  std::atomic<bool> Done{false};
  std::thread Valve([&] {
    auto Until = std::chrono::steady_clock::now() + std::chrono::seconds(40);
    while (!Done && std::chrono::steady_clock::now() < Until)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    while (!Done)
      for (const fs::path &P : {Pipe, GoPipe}) {
        int Fd = ::open(P.c_str(), O_WRONLY | O_NONBLOCK);
        if (Fd >= 0)
          ::close(Fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
  });
  auto T0 = std::chrono::steady_clock::now();
  Ran R =
      runCgols({"check", "--target", "linux/amd64", "repo/a"}, S.env(), S.Root);
  auto Secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - T0)
          .count();
  Done = true;
  Valve.join();
  EXPECT_LT(Secs, 30) << R.Out;
  EXPECT_EQ(R.Code, 1) << R.Out;
  EXPECT_THAT(R.Out, HasSubstr("pipe.h"));
  EXPECT_THAT(R.Out, HasSubstr("and 1 error that follows")); // zero.h
}

// pkg-config not installed is the machine's problem, not the code's: an
// information at the line, the preambles compiled without its flags (the
// undeclared name is still found), and exit code 2 when nothing else is
// wrong.
TEST(Hostile, PkgConfigNotInstalledIsExitCodeTwo) {
  Sandbox S;
  fs::remove(S.Root / "stubs/pkg-config");
  writeFile(S.Root / "repo/a/a.go",
            "package a\n\n// #cgo pkg-config: zlib\n// #include <stdlib.h>\n"
            "import \"C\"\n\nfunc F() { C.free(nil) }\n");
  Ran R =
      runCgols({"check", "--target", "linux/amd64", "repo/a"}, S.env(), S.Root);
  EXPECT_EQ(R.Code, 2) << R.Out;
  EXPECT_THAT(R.Out, HasSubstr("a.go:3:21: info: Install pkg-config"));
  EXPECT_THAT(R.Out, HasSubstr("could not be checked for linux/amd64: "
                               "pkg-config could not be run"));
  EXPECT_THAT(R.Out, HasSubstr("0 errors, 0 warnings, 1 information"));
  writeFile(S.Root / "repo/a/b.go",
            "package a\n\n// #include <stdlib.h>\nimport \"C\"\n\n"
            "func G() int { return int(C.strlen(nil)) }\n");
  Ran E =
      runCgols({"check", "--target", "linux/amd64", "repo/a"}, S.env(), S.Root);
  EXPECT_EQ(E.Code, 1) << E.Out; // an error found comes first
  EXPECT_THAT(E.Out, HasSubstr("b.go:6:27: error: Add #include <string.h>: "
                               "C.strlen is not declared"));
}

// A #cgo flag of 30 KB, 1 MB or 16 MB (-D, -I, -L): the go command's
// allowlist is matched in linear time (RE2), not by a backtracking regexp
// that recurses once per character (std::regex overflowed the stack at
// 30,000 characters and killed cgols with SIGSEGV).
std::string longFlags(std::size_t N) {
  return "package a\n\n// #cgo CFLAGS: -DX=" + std::string(N, 'a') + " -I" +
         std::string(N, 'b') + "\n// #cgo LDFLAGS: -L" + std::string(N, 'c') +
         "\n// #include <stdlib.h>\nimport \"C\"\n\nfunc F() int { return "
         "int(C.strlen(nil)) }\n";
}

TEST(Hostile, LongCgoFlagsAreJudgedInLinearTime) {
  for (std::size_t N :
       {std::size_t(30) << 10, std::size_t(1) << 20, std::size_t(16) << 20}) {
    Sandbox S;
    writeFile(S.Root / "repo/a/a.go", longFlags(N));
    Ran R = runCgols({"check", "--target", "linux/amd64", "repo/a"}, S.env(),
                     S.Root);
    // Not a signal: the check ran to its end and found the real mistakes.
    // Past 131,071 bytes a flag cannot be one argument on Linux, and go
    // build fails before cgo runs ("argument list too long").
    EXPECT_EQ(R.Code, 1) << N << ": " << R.Out.substr(0, 2000);
    EXPECT_THAT(R.Out, HasSubstr("C.strlen is not declared")) << N;
    if (N < 131072) {
      EXPECT_THAT(R.Out, HasSubstr("1 error, 0 warnings")) << N;
    } else {
      EXPECT_THAT(R.Out, HasSubstr("4 errors, 0 warnings")) << N;
      EXPECT_THAT(R.Out, HasSubstr("argument list too long")) << N;
    }
  }
}

// The darwin link index reads the SDK's .tbd stubs with LLVM's TextAPI
// reader, which in LLVM 16 dereferences a null node on some malformed stubs
// (fuzzing found two; the SDK folder is a setting). The index is built by
// `cgols link-index --write` in a process of its own, and a stub that is
// not a readable .tbd (tbdLooksReadable) is passed over: with a good SDK
// the missing framework is found through that process; with two poisoned
// stubs, cgols check still ends and finds it from the others.
TEST(Hostile, MalformedTbdStubsCostTheLinkCheckNotTheServer) {
  const std::string Main =
      "package main\n\n/*\n#cgo CFLAGS: -x objective-c\n#cgo LDFLAGS: "
      "-framework Foundation\n#import <AppKit/AppKit.h>\nstatic void "
      "show(void) { [NSAlert new]; }\n*/\nimport \"C\"\n\nfunc main() { "
      "C.show(); C.nope() }\n";
  for (bool Poisoned : {false, true}) {
    Sandbox S;
    fs::copy(CGOLS_TEST_FIXTURES "/sdk", S.Root / "sdk",
             fs::copy_options::recursive);
    if (Poisoned)
      for (const char *Name : {"libz.tbd", "libSystem.tbd"})
        writeFile(S.Root / "sdk/MacOSX.sdk/usr/lib" / Name,
                  readFile(CGOLS_SOURCE_DIR "/tests/fuzz/regressions/linkindex/"
                                            "tbd-version-5-in-yaml")
                      .substr(1));
    writeFile(S.Root / "repo/a/a.go", Main);
    Ran R = runCgols({"check", "--target", "darwin/arm64", "--sdk",
                      (S.Root / "sdk/MacOSX.sdk").string(), "repo/a"},
                     S.env(), S.Root);
    EXPECT_EQ(R.Code, 1) << R.Out;
    EXPECT_THAT(R.Out, HasSubstr("C.nope is not declared")) << Poisoned;
    // The other stubs still count: AppKit's is fine.
    EXPECT_THAT(R.Out, HasSubstr("Add -framework AppKit")) << Poisoned;
  }
}

// The serve half: the same repository opened in an editor.
struct Opened {
  Sandbox S;
  std::unique_ptr<Child> C;
  std::string Uri, Text;
  void open(const std::string &Rel, const std::string &Src,
            json::object Options, const std::vector<std::string> &Env = {}) {
    writeFile(S.Root / Rel, Src);
    Uri = pathToUri((S.Root / Rel).string());
    Text = Src;
    C = std::make_unique<Child>(Env.empty() ? S.env() : Env, S.Root.string());
    C->initialize({}, std::move(Options));
    didOpen(*C, Uri, Src);
  }
};

json::object options(json::object Extra = {}) {
  json::object O{{"targets", json::array{"linux/amd64"}}, {"debounceMs", 0}};
  for (auto &KV : Extra)
    O[KV.key()] = KV.value();
  return O;
}

TEST(HostileServe, ExtraFlagsCannotWriteFilesOrPrint) {
  Opened O;
  std::string Dep = (O.S.Root / "dep.d").string();
  std::string Dia = (O.S.Root / "diag.bin").string();
  O.open(
      "repo/a/a.go",
      "package a\n\n// int f(void) { return 1; }\nimport \"C\"\n",
      options({{"extraFlags", json::array{"-MD", "-MF", Dep.c_str(),
                                          "--serialize-diagnostics",
                                          Dia.c_str(), "-print-search-dirs",
                                          "--help", "-###", "-v", "-DOK=1"}}}));
  // Every frame until the publication parses (Child fails the test on a
  // frame error), so nothing else was printed on stdout.
  std::vector<std::string> Shown;
  std::optional<json::value> Pub = firstPublication(*O.C, Shown);
  ASSERT_TRUE(Pub);
  EXPECT_TRUE(Pub->at("params").at("diagnostics").as_array().empty());
  EXPECT_FALSE(fs::exists(Dep));
  EXPECT_FALSE(fs::exists(Dia));
  std::string All;
  for (const std::string &M : Shown)
    All += M + "\n";
  EXPECT_THAT(All, HasSubstr("cgols.extraFlags: -MD is left out"));
  EXPECT_THAT(All, HasSubstr("cgols.extraFlags: --help is left out"));
  EXPECT_THAT(All, Not(HasSubstr("-DOK=1")));
  O.C->expectAlive(5);
}

TEST(HostileServe, SlowGoDoesNotHoldInitialize) {
  Sandbox S;
  // A go that never answers, and a timeout of one second for programs.
  writeFile(S.Root / "stubs/go",
            "#!/bin/sh\necho $$ > '" + (S.Root / "go.pid").string() +
                "'\nexec /bin/sleep 600\n",
            true);
  std::vector<std::string> Env = S.env();
  Env.push_back("CGOLS_PROGRAM_TIMEOUT=1");
  Child C(Env, S.Root.string());
  C.initialize(); // asserts that initialize was answered
  // The probe runs in the background; it starts the stub, which is killed at
  // its deadline (one second) and reaped, not left behind.
  std::string Pid;
  for (int I = 0; I < 1000 && Pid.empty(); ++I) {
    usleep(10000);
    Pid = readFile(S.Root / "go.pid");
  }
  ASSERT_FALSE(Pid.empty()) << "go was never run";
  bool Gone = false;
  for (int I = 0; I < 1000 && !Gone; ++I) {
    usleep(10000);
    Gone = kill(std::stoi(Pid), 0) != 0;
  }
  EXPECT_TRUE(Gone) << "the slow go was not stopped";
  C.expectAlive(3);
}

TEST(HostileServe, UntrustedWorkspaceRunsNothingAndSaysSo) {
  Sandbox S;
  std::string Src = "package a\n\n// #cgo pkg-config: zlib\n// #cgo LDFLAGS "
                    "-lm\nimport \"C\"\n";
  writeFile(S.Root / "repo/a/a.go", Src);
  std::string Uri = pathToUri((S.Root / "repo/a/a.go").string());
  Child C(S.env(), S.Root.string());
  C.send(makeRequest(
      1, "initialize",
      json::object{
          {"capabilities", json::object{}},
          {"initializationOptions",
           json::object{{"cgols", options()}, {"workspaceTrusted", false}}}}));
  C.send(makeNotification(
      "textDocument/didOpen",
      json::object{{"textDocument", json::object{{"uri", Uri},
                                                 {"languageId", "go"},
                                                 {"version", 1},
                                                 {"text", Src}}}}));
  // Information, for the log: a client that knows trust says so itself.
  std::vector<std::string> Logged;
  std::optional<json::value> Pub =
      firstPublication(C, Logged, "window/logMessage");
  ASSERT_TRUE(Pub);
  ASSERT_EQ(Logged.size(), 1u);
  EXPECT_THAT(Logged[0], HasSubstr("not trusted"));
  std::string Codes;
  for (const json::value &D : Pub->at("params").at("diagnostics").as_array())
    Codes += std::string(D.at("code").as_string()) + " ";
  EXPECT_THAT(Codes, HasSubstr("cgo-invalid-directive"));
  EXPECT_THAT(Codes, HasSubstr("cgo-pkg-config"));
  C.expectAlive(4);
  EXPECT_EQ(S.ran(), "") << "a program ran in an untrusted workspace";
}

TEST(HostileServe, SettingsCannotTrustAWorkspace) {
  Opened O;
  // The trust flag inside the settings section (where a repository's own
  // settings.json would put it) counts for nothing.
  json::object Opts = options();
  Opts["workspaceTrusted"] = true;
  O.open("repo/a/a.go", "package a\n\n// #cgo pkg-config: zlib\nimport \"C\"\n",
         json::object{{"cgols", Opts}, {"workspaceTrusted", false}});
  ASSERT_TRUE(nextPublication(*O.C, O.Uri));
  EXPECT_EQ(O.S.ran(), "");
}

TEST(HostileServe, InvalidUtf8InMessagesIsEscaped) {
  Opened O;
  // The open file is text the editor decoded; its sibling on disk is not.
  writeFile(O.S.Root / "repo/a/b.go",
            "package a\n\n// #cgo LDFLAGS -l\xE9\nimport \"C\"\n");
  O.open("repo/a/a.go", "package a\n\n// int f(void);\nimport \"C\"\n",
         options());
  // Child parses every frame with Boost.JSON, which rejects invalid UTF-8.
  auto Pub =
      nextPublication(*O.C, pathToUri((O.S.Root / "repo/a/b.go").string()));
  ASSERT_TRUE(Pub);
  const json::array &Ds = Pub->at("params").at("diagnostics").as_array();
  ASSERT_FALSE(Ds.empty());
  EXPECT_THAT(std::string(Ds[0].at("message").as_string()),
              HasSubstr("-l<E9>"));
}

TEST(HostileServe, DirectoryUriIsIgnored) {
  Opened O;
  fs::create_directories(O.S.Root / "repo/a");
  std::string DirUri = pathToUri((O.S.Root / "repo/a").string());
  O.C = std::make_unique<Child>(O.S.env(), O.S.Root.string());
  O.C->initialize();
  for (const std::string &U : {DirUri, DirUri + "/"})
    O.C->send(makeNotification(
        "textDocument/didOpen",
        json::object{{"textDocument", json::object{{"uri", U},
                                                   {"languageId", "go"},
                                                   {"version", 1},
                                                   {"text", "junk"}}}}));
  std::string Src = "package a\n\n// #cgo LDFLAGS -lm\nimport \"C\"\n";
  writeFile(O.S.Root / "repo/a/a.go", Src);
  std::string Uri = pathToUri((O.S.Root / "repo/a/a.go").string());
  O.C->send(makeNotification(
      "textDocument/didOpen",
      json::object{{"textDocument", json::object{{"uri", Uri},
                                                 {"languageId", "go"},
                                                 {"version", 1},
                                                 {"text", Src}}}}));
  auto Pub = nextPublication(*O.C, Uri);
  ASSERT_TRUE(Pub);
  EXPECT_EQ(Pub->at("params").at("diagnostics").as_array().size(), 1u);
}

// Compiles run in worker processes: what crashes, overflows the stack, runs
// too long or eats memory takes its worker down, never the server.

/// The codes and lines of a publication's diagnostics ("code@line").
std::vector<std::string> codesAt(const json::value &Pub) {
  std::vector<std::string> Out;
  for (const json::value &D : Pub.at("params").at("diagnostics").as_array())
    Out.push_back(
        std::string(D.at("code").as_string()) + "@" +
        std::to_string(D.at("range").at("start").at("line").as_int64()));
  return Out;
}

std::string messageOf(const json::value &Pub) {
  const json::array &Ds = Pub.at("params").at("diagnostics").as_array();
  return Ds.empty() ? "" : std::string(Ds[0].at("message").as_string());
}

/// A preamble whose macro expands to 4^Depth tokens of Item.
std::string expansion(int Depth, const std::string &Item,
                      const std::string &Use) {
  std::string S = "package p\n\n// #define A0 " + Item + " " + Item + " " +
                  Item + " " + Item + "\n";
  for (int I = 1; I <= Depth; ++I) {
    std::string P = "A" + std::to_string(I - 1);
    S += "// #define A" + std::to_string(I) + " " + P + " " + P + " " + P +
         " " + P + "\n";
  }
  return S + "// " + Use + "\nimport \"C\"\n";
}

/// Opens repo/c/c.go, whose preamble has one error (strlen without
/// <string.h>), and expects it analysed as usual: what came before did not
/// stop the server.
void expectTheNextFileAnalysed(Child &C, const Sandbox &S) {
  std::string Fine = "package c\n\n// #include <stdio.h>\n// static int "
                     "f(void) { return strlen(\"x\"); }\nimport \"C\"\n";
  writeFile(S.Root / "repo/c/c.go", Fine);
  std::string Uri = pathToUri((S.Root / "repo/c/c.go").string());
  didOpen(C, Uri, Fine);
  auto P = nextPublication(C, Uri);
  ASSERT_TRUE(P) << "no diagnostics for the next file";
  EXPECT_THAT(codesAt(*P), ::testing::ElementsAre("cgo-preamble-error@3"));
}

TEST(HostileServe, ClangCrashesAndStackOverflowsStayInTheirWorker) {
  Sandbox S;
  std::string Crash = "package a\n\n// #pragma clang __debug crash\nimport "
                      "\"C\"\n\nfunc F() {}\n";
  std::string Deep = "package b\n\n// int x = " + std::string(200000, '-') +
                     "1;\nimport \"C\"\n";
  writeFile(S.Root / "repo/a/a.go", Crash);
  writeFile(S.Root / "repo/b/b.go", Deep);
  Child C(S.env(), S.Root.string());
  C.initialize({}, options());
  std::string A = pathToUri((S.Root / "repo/a/a.go").string());
  std::string B = pathToUri((S.Root / "repo/b/b.go").string());
  didOpen(C, A, Crash);
  auto PA = nextPublication(C, A);
  ASSERT_TRUE(PA) << "the server died with its compile";
  EXPECT_THAT(codesAt(*PA), ::testing::ElementsAre("cgo-compile-failed@3"));
  EXPECT_THAT(messageOf(*PA), HasSubstr("Clang crashed"));
  didOpen(C, B, Deep);
  auto PB = nextPublication(C, B);
  ASSERT_TRUE(PB);
  EXPECT_THAT(codesAt(*PB), ::testing::ElementsAre("cgo-compile-failed@3"));
  // A new worker compiles the next file as before.
  expectTheNextFileAnalysed(C, S);
  C.expectAlive(7);
}

// A cgo file with nothing to compile (no preamble, no C. name; it only
// exports, as Go's misc/cgo/testcarchive does) once made the analysis start
// 2^32 - 1 compile threads, which aborted the server.
TEST(HostileServe, ACgoFileWithNothingToCompile) {
  Opened O;
  O.open("repo/a/a.go",
         "package main\n\nimport \"C\"\n\n//export DidInit\n"
         "func DidInit() {}\n\nfunc main() {}\n",
         options());
  auto PA = nextPublication(*O.C, O.Uri);
  ASSERT_TRUE(PA) << "the server died";
  EXPECT_THAT(codesAt(*PA), ::testing::IsEmpty());
  expectTheNextFileAnalysed(*O.C, O.S);
  O.C->expectAlive(7);
}

TEST(HostileServe, LongCgoFlagsNeitherKillNorHoldTheServer) {
  for (std::size_t N :
       {std::size_t(30) << 10, std::size_t(1) << 20, std::size_t(16) << 20}) {
    Opened O;
    O.open("repo/a/a.go", longFlags(N), options());
    // It answers while it analyses: three flags of 16 MB take it about 30 s
    // on one core here (copies of the flags, a precompiled block with a
    // 16 MB macro), longer with both cores busy.
    O.C->send(makeRequest(
        7, "textDocument/hover",
        json::object{
            {"textDocument", json::object{{"uri", "file:///nowhere/x.go"}}},
            {"position", json::object{{"line", 0}, {"character", 0}}}}));
    std::optional<json::value> P;
    bool Replied = false, RepliedFirst = false;
    while (!(P && Replied)) {
      auto M = O.C->next(240000);
      ASSERT_TRUE(M) << N << ": the server died or hung";
      const json::object &Obj = M->as_object();
      if (!Obj.contains("method") && Obj.contains("id") &&
          Obj.at("id") == json::value(7)) {
        Replied = true;
        RepliedFirst = !P;
      } else if (method(*M) == "textDocument/publishDiagnostics" &&
                 M->at("params").at("uri") == json::value(O.Uri)) {
        P = M;
      }
    }
    if (N == (std::size_t(16) << 20)) {
      EXPECT_TRUE(RepliedFirst) << "the reply waited for the analysis";
    }
    if (N < 131072) {
      EXPECT_THAT(codesAt(*P), ::testing::ElementsAre("cgo-undeclared-name@7"))
          << N;
    } else {
      EXPECT_THAT(codesAt(*P),
                  ::testing::UnorderedElementsAre(
                      "cgo-flag-too-long@2", "cgo-flag-too-long@2",
                      "cgo-flag-too-long@3", "cgo-undeclared-name@7"))
          << N;
    }
    O.C->expectAlive(8);
    expectTheNextFileAnalysed(*O.C, O.S);
  }
}

TEST(HostileServe, ACompilePastItsTimeLimitIsStoppedAndTheNextEditChecked) {
  // 4^13 tokens: many seconds of preprocessing.
  auto T0 = std::chrono::steady_clock::now();
  Opened O;
  O.open("repo/a/a.go", expansion(13, "x", "int y = sizeof(int[A13]);"),
         options({{"compileTimeoutSeconds", 1}}));
  Child &C = *O.C;
  const std::string &A = O.Uri;
  auto P = nextPublication(C, A);
  ASSERT_TRUE(P);
  EXPECT_THAT(codesAt(*P), ::testing::ElementsAre("cgo-compile-failed@17"));
  EXPECT_THAT(messageOf(*P), HasSubstr("time limit (stopped after 1 s"));
  EXPECT_LT(std::chrono::steady_clock::now() - T0, std::chrono::seconds(15));
  std::string Fixed = "package p\n\n// int y = z;\nimport \"C\"\n";
  C.send(makeNotification(
      "textDocument/didChange",
      json::object{
          {"textDocument", json::object{{"uri", A}, {"version", 2}}},
          {"contentChanges", json::array{json::object{{"text", Fixed}}}}}));
  auto P2 = nextPublication(C, A);
  ASSERT_TRUE(P2);
  EXPECT_THAT(codesAt(*P2), ::testing::ElementsAre("cgo-preamble-error@2"));
}

TEST(HostileServe, ACompilePastItsMemoryLimitIsStopped) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "ASan reserves address space: no memory limit under it";
#endif
  // An initializer of 4^12 elements: gigabytes of AST.
  Opened O;
  O.open("repo/a/a.go", expansion(12, "1,", "int y[] = { A12 };"),
         options({{"compileMemoryMB", 1024}, {"compileTimeoutSeconds", 120}}));
  auto P = nextPublication(*O.C, O.Uri);
  ASSERT_TRUE(P);
  EXPECT_THAT(codesAt(*P), ::testing::ElementsAre("cgo-compile-failed@16"));
  EXPECT_THAT(messageOf(*P), HasSubstr("out of memory (more than 1024 MB"));
  O.C->expectAlive(5);
}

TEST(HostileServe, ShutdownAndExitNeverWaitForACompile) {
  Opened O;
  O.open("repo/a/a.go", expansion(14, "x", "int y = sizeof(int[A14]);"),
         options());
  Child &C = *O.C;
  usleep(500000); // the compile is running
  auto T0 = std::chrono::steady_clock::now();
  C.send(makeRequest(9, "shutdown", nullptr));
  ASSERT_TRUE(C.response(9));
  C.send(makeNotification("exit", nullptr));
  EXPECT_EQ(C.wait(10000), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - T0, std::chrono::seconds(5));
}

// Never stale: a header the preamble read changes on disk or in the editor.

void notify(Child &C, const char *Method, json::object Params) {
  C.send(makeNotification(Method, std::move(Params)));
}

TEST(Engine, AHeaderChangedOnDiskOrInTheEditorIsReadAgain) {
  Sandbox S;
  std::string Src = "package a\n\n// #cgo CFLAGS: -I${SRCDIR}/../inc\n"
                    "// #include \"local.h\"\n// #include \"shared.h\"\n"
                    "import \"C\"\n";
  writeFile(S.Root / "repo/a/a.go", Src);
  writeFile(S.Root / "repo/a/local.h",
            "static int l(void) { return nope1; }\n");
  writeFile(S.Root / "repo/inc/shared.h",
            "static int s(void) { return nope2; }\n");
  Child C(S.env(), S.Root.string());
  C.initialize({}, options());
  std::string A = pathToUri((S.Root / "repo/a/a.go").string());
  didOpen(C, A, Src);
  auto P1 = nextPublication(C, A);
  ASSERT_TRUE(P1);
  EXPECT_THAT(codesAt(*P1), ::testing::ElementsAre("cgo-preamble-error@3",
                                                   "cgo-preamble-error@4"));
  // Saved by another program: the editor's file watcher says so.
  writeFile(S.Root / "repo/a/local.h", "static int l(void) { return 1; }\n");
  notify(C, "workspace/didChangeWatchedFiles",
         json::object{
             {"changes",
              json::array{json::object{
                  {"uri", pathToUri((S.Root / "repo/a/local.h").string())},
                  {"type", 2}}}}});
  auto P2 = nextPublication(C, A);
  ASSERT_TRUE(P2);
  EXPECT_THAT(codesAt(*P2), ::testing::ElementsAre("cgo-preamble-error@4"));
  // Edited, unsaved, in another directory (found through -I).
  std::string Shared = pathToUri((S.Root / "repo/inc/shared.h").string());
  didOpen(C, Shared, "static int s(void) { return 2; }\n", 1, "c");
  auto P3 = nextPublication(C, A);
  ASSERT_TRUE(P3);
  EXPECT_THAT(codesAt(*P3), ::testing::IsEmpty());
  C.expectAlive(4);
}

TEST(Engine, TheOpenedFileIsPublishedBeforeTheRestOfItsPackage) {
  Sandbox S;
  // b.go sorts first and has an error; the user opens z.go.
  std::string B = "package p\n\n// int b(void) { return nope_b; }\nimport "
                  "\"C\"\n";
  std::string Z = "package p\n\n// int z(void) { return nope_z; }\nimport "
                  "\"C\"\n";
  writeFile(S.Root / "repo/p/b.go", B);
  writeFile(S.Root / "repo/p/z.go", Z);
  Child C(S.env(), S.Root.string());
  C.initialize({}, options());
  std::string ZUri = pathToUri((S.Root / "repo/p/z.go").string());
  std::string BUri = pathToUri((S.Root / "repo/p/b.go").string());
  didOpen(C, ZUri, Z);
  std::vector<std::string> Order;
  while (Order.size() < 3) {
    auto M = C.next();
    ASSERT_TRUE(M) << "publications so far: " << Order.size();
    if (method(*M) != "textDocument/publishDiagnostics")
      continue;
    Order.push_back(std::string(M->at("params").at("uri").as_string()));
    EXPECT_THAT(codesAt(*M), ::testing::ElementsAre("cgo-preamble-error@2"));
  }
  // z.go alone first; then the package (b.go, and z.go again).
  EXPECT_THAT(Order, ::testing::ElementsAre(ZUri, BUri, ZUri));
}

// The header index (for the "add #include" fixes) is built in the
// background, in the compile workers, with $/progress: the first
// diagnostics never wait for it, and the fix comes with the analysis that
// follows its completion.
TEST(Engine, TheHeaderIndexIsBuiltInTheBackgroundWithProgress) {
  Sandbox S;
  std::string Src = "package a\n\n// static int f(void) { return puts(\"x\"); "
                    "}\nimport \"C\"\n";
  writeFile(S.Root / "repo/a/a.go", Src);
  Child C(S.env(), S.Root.string());
  C.initialize(
      json::object{{"window", json::object{{"workDoneProgress", true}}}},
      options({{"sysroot", CGOLS_TEST_FIXTURES "/linux-sysroot"}}));
  std::string A = pathToUri((S.Root / "repo/a/a.go").string());
  didOpen(C, A, Src);
  std::vector<std::string> Events; // progress kinds and publications
  json::value Last;
  while (true) {
    auto M = C.next();
    ASSERT_TRUE(M) << "events so far: " << ::testing::PrintToString(Events);
    std::string Method = method(*M);
    if (Method == "window/workDoneProgress/create") {
      EXPECT_EQ(M->at("params").at("token"), "cgols/headers:linux/amd64");
      C.send(json::object{
          {"jsonrpc", "2.0"}, {"id", M->at("id")}, {"result", nullptr}});
      Events.push_back("create");
    } else if (Method == "$/progress") {
      EXPECT_EQ(M->at("params").at("token"), "cgols/headers:linux/amd64");
      Events.push_back(
          std::string(M->at("params").at("value").at("kind").as_string()));
    } else if (Method == "textDocument/publishDiagnostics") {
      EXPECT_THAT(codesAt(*M), ::testing::ElementsAre("cgo-preamble-error@2"));
      Events.push_back("publish");
      Last = *M;
      if (std::find(Events.begin(), Events.end(), "end") != Events.end())
        break;
    }
  }
  // The file is published before the index ends, and again after it.
  ASSERT_GE(Events.size(), 5u);
  EXPECT_EQ(Events.front(), "publish");
  EXPECT_THAT(Events, ::testing::Contains("create"));
  EXPECT_THAT(Events, ::testing::Contains("begin"));
  EXPECT_EQ(Events.back(), "publish");
  // That publication's diagnostic offers the #include.
  C.send(makeRequest(
      2, "textDocument/codeAction",
      json::object{
          {"textDocument", json::object{{"uri", A}}},
          {"range", Last.at("params").at("diagnostics").at(0).at("range")},
          {"context", json::object{{"diagnostics", json::array{}}}}}));
  auto CA = C.response(2);
  ASSERT_TRUE(CA);
  std::vector<std::string> Titles;
  for (const json::value &X : CA->at("result").as_array())
    Titles.push_back(std::string(X.at("title").as_string()));
  EXPECT_THAT(Titles, ::testing::Contains("Add #include <stdio.h>"));
}

} // namespace
