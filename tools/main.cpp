//===- main.cpp - The cgols command: serve, check -------------------------===//
#include "Check.h"
#include "CompileWorkers.h"
#include "Config.h"
#include "Docs.h"
#include "Doctor.h"
#include "Environment.h"
#include "LSPServer.h"
#include "LinkIndexCmd.h"
#include "checks/Check.h"
#include "protocol/StdioTransport.h"
#include "settings/Settings.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <unistd.h>

namespace {

const char *Usage =
    R"(cgols: a language server for Go code that uses cgo

Usage:
  cgols serve                     speak LSP 3.17 on standard input and output
  cgols check [flags] PATH...     analyse files, directories or DIR/... and
                                  print the diagnostics
  cgols doctor [-v] [--json] [DIR]
                                  check this machine for cgo (Go, its
                                  architecture, the C compiler, Xcode and the
                                  SDK, gopls, pkg-config for DIR's #cgo lines)
  cgols settings-schema           print the settings the server reads (JSON)
  cgols docs checks               print docs/checks.md (every diagnostic code)
  cgols link-index (--sdk DIR [--arch A] | --linux DIR...)
                                  [SYMBOL...]
                                  load the link check's symbol index and say
                                  which library defines each SYMBOL
  cgols --version | --help

Flags of check:
  --target T1,T2     targets as GOOS/GOARCH (default: the host and darwin/arm64)
  --sysroot DIR      the macOS SDK for darwin targets and the sysroot for
                     linux targets
  --sdk DIR          the macOS SDK only
  --linux-sysroot DIR
                     the linux sysroot only
  --format text|json|sarif
                     the output format (default text; sarif: SARIF 2.1.0 for
                     GitHub code scanning)
  --untrusted        run no program (go, pkg-config, xcrun): for CI on code
                     from an untrusted source, such as a pull request

check prints path:line:col: severity: message [code] and exits with 1 when it
found an error; 2 when its arguments or paths are wrong, or when cgo code for
a requested target could not be checked on this machine (no SDK or sysroot,
pkg-config not installed, no compile worker); 0 otherwise. doctor exits with
1 when it found an error.
)";

class StdoutOutput : public cgols::Output {
public:
  void send(const boost::json::value &V) override {
    Writer.write(boost::json::serialize(V));
  }

private:
  cgols::protocol::FrameWriter Writer{stdout};
};

// Programs cgols runs (go env, pkg-config) inherit the working directory; a
// neutral one keeps a repository's go.mod, go.work and files out of their
// reach. Every path cgols uses is absolute by then.
void leaveWorkingDirectory() {
  if (::chdir("/") != 0)
    std::cerr << "cgols: cannot change to /: " << std::strerror(errno) << "\n";
}

// This binary's absolute path: compile workers are `<it> worker`.
std::string selfPath() {
  static int Anchor;
  return llvm::sys::fs::getMainExecutable("cgols", &Anchor);
}

int serve() {
  leaveWorkingDirectory();
  cgols::RealEnvironment Env;
  Env.setWorkerExecutable(selfPath());
  StdoutOutput Out;
  std::mutex LogM;
  cgols::ServerOptions Opts;
  Opts.Log = [&](const std::string &S) {
    std::lock_guard<std::mutex> L(LogM);
    std::cerr << "cgols: " << S << std::endl;
  };
  cgols::LSPServer S(Env, Out, Opts);
  cgols::protocol::ReadLoopResult R = cgols::protocol::readFrames(
      0, [&](const cgols::protocol::Frame &F) { S.onFrame(F); },
      [&] { return S.exitRequested(); });
  if (!R.Stopped) {
    if (R.PendingBytes)
      Opts.Log("the input ended inside a message");
    S.onEndOfInput();
  }
  return S.exitCode();
}

std::vector<std::string> splitComma(const std::string &S) {
  std::vector<std::string> Out;
  std::size_t P = 0;
  while (P <= S.size()) {
    auto C = S.find(',', P);
    std::string W = S.substr(P, C == std::string::npos ? C : C - P);
    if (!W.empty())
      Out.push_back(W);
    if (C == std::string::npos)
      break;
    P = C + 1;
  }
  return Out;
}

int check(int Argc, char **Argv) {
  cgols::CheckOptions O;
  llvm::SmallString<256> Cwd;
  if (llvm::sys::fs::current_path(Cwd)) {
    std::cerr << "cgols: cannot read the current directory\n";
    return 2;
  }
  O.Cwd = std::string(Cwd);
  for (int I = 2; I < Argc; ++I) {
    std::string A = Argv[I];
    auto Value = [&](const char *Flag) -> const char * {
      std::string Prefix = std::string(Flag) + "=";
      if (A.rfind(Prefix, 0) == 0)
        return Argv[I] + Prefix.size();
      if (A == Flag) {
        if (I + 1 >= Argc) {
          std::cerr << "cgols: " << Flag << " needs a value\n";
          return nullptr;
        }
        return Argv[++I];
      }
      return "";
    };
    auto IsFlag = [&](const char *Flag) {
      return A == Flag || A.rfind(std::string(Flag) + "=", 0) == 0;
    };
    if (IsFlag("--target") || IsFlag("-target")) {
      const char *V = Value(A.rfind("--", 0) == 0 ? "--target" : "-target");
      if (!V)
        return 2;
      for (const std::string &T : splitComma(V))
        O.Targets.push_back(T);
    } else if (IsFlag("--sysroot")) {
      const char *V = Value("--sysroot");
      if (!V)
        return 2;
      O.SDK = O.LinuxSysroot = V;
    } else if (IsFlag("--sdk")) {
      const char *V = Value("--sdk");
      if (!V)
        return 2;
      O.SDK = V;
    } else if (IsFlag("--linux-sysroot")) {
      const char *V = Value("--linux-sysroot");
      if (!V)
        return 2;
      O.LinuxSysroot = V;
    } else if (IsFlag("--format")) {
      const char *V = Value("--format");
      if (!V)
        return 2;
      O.Format = V;
      if (O.Format != "text" && O.Format != "json" && O.Format != "sarif") {
        std::cerr << "cgols: --format must be text, json or sarif, not '" << V
                  << "'\n";
        return 2;
      }
    } else if (A == "--untrusted") {
      O.Untrusted = true;
    } else if (A.size() > 1 && A[0] == '-') {
      std::cerr << "cgols: unknown flag " << A << " (see cgols --help)\n";
      return 2;
    } else {
      O.Paths.push_back(A);
    }
  }
  if (O.Paths.empty()) {
    std::cerr << "cgols: check needs at least one path (a file, a directory "
                 "or DIR/...)\n";
    return 2;
  }
  leaveWorkingDirectory();
  cgols::RealEnvironment Env;
  Env.setWorkerExecutable(selfPath());
  return cgols::runCheck(O, Env, std::cout, std::cerr);
}

int settingsSchema() {
  std::cout << boost::json::serialize(cgols::settingsSchemaJson()) << "\n";
  return 0;
}

} // namespace

int main(int Argc, char **Argv) {
  if (Argc < 2) {
    std::cerr << Usage;
    return 2;
  }
  std::string Cmd = Argv[1];
  if (Cmd == "--help" || Cmd == "-h" || Cmd == "help") {
    std::cout << Usage;
    return 0;
  }
  if (Cmd == "--version" || Cmd == "version") {
    std::cout << "cgols " << CGOLS_VERSION << " (LLVM " << LLVM_VERSION_STRING
              << ")\n";
    return 0;
  }
  if (Cmd == "serve")
    return serve();
  // Internal: the server's compile worker, on the socket it was given as
  // standard input and output.
  if (Cmd == "worker") {
    unsigned MemoryMB = 0;
    int Nice = 0;
    for (int I = 2; I + 1 < Argc; I += 2) {
      std::string Opt = Argv[I];
      if (Opt == "--memory-mb")
        MemoryMB =
            static_cast<unsigned>(std::strtoul(Argv[I + 1], nullptr, 10));
      else if (Opt == "--nice")
        Nice = static_cast<int>(std::strtol(Argv[I + 1], nullptr, 10));
    }
    leaveWorkingDirectory();
    return cgols::runCompileWorker(0, 1, MemoryMB, Nice);
  }
  if (Cmd == "check")
    return check(Argc, Argv);
  if (Cmd == "doctor") {
    cgols::DoctorOptions O;
    for (int I = 2; I < Argc; ++I) {
      std::string A = Argv[I];
      if (A == "-v" || A == "--verbose")
        O.Verbose = true;
      else if (A == "--json")
        O.Json = true;
      else if (!A.empty() && A[0] != '-' && O.Dir.empty())
        O.Dir = A;
      else {
        std::cerr << "cgols doctor: unknown argument '" << A << "'\n";
        return 2;
      }
    }
    if (!O.Dir.empty()) {
      llvm::SmallString<256> Abs(O.Dir);
      if (llvm::sys::fs::make_absolute(Abs) ||
          !llvm::sys::fs::is_directory(Abs)) {
        std::cerr << "cgols doctor: not a directory: " << O.Dir << "\n";
        return 2;
      }
      O.Dir = std::string(Abs);
    }
    leaveWorkingDirectory();
    cgols::RealEnvironment Env;
    return cgols::runDoctor(O, Env, std::cout);
  }
  if (Cmd == "settings-schema")
    return settingsSchema();
  if (Cmd == "link-index") {
    cgols::LinkIndexOptions O;
    for (int I = 2; I < Argc; ++I) {
      std::string A = Argv[I];
      if (A == "--sdk" && I + 1 < Argc)
        O.SDK = Argv[++I];
      else if (A == "--arch" && I + 1 < Argc)
        O.Arch = Argv[++I];
      else if (A == "--deployment" && I + 1 < Argc)
        O.Deployment = Argv[++I];
      else if (A == "--write" && I + 1 < Argc)
        O.WriteTo = Argv[++I];
      else if (A == "--linux" && I + 1 < Argc)
        O.LinuxDirs.push_back(Argv[++I]);
      else if (!A.empty() && A[0] == '-') {
        std::cerr << "cgols link-index: unknown argument '" << A << "'\n";
        return 2;
      } else
        O.Symbols.push_back(A);
    }
    if (O.SDK.empty() == O.LinuxDirs.empty()) {
      std::cerr << "cgols link-index: give --sdk DIR or --linux DIR...\n";
      return 2;
    }
    return cgols::runLinkIndex(O, std::cout);
  }
  if (Cmd == "docs" && Argc == 3 && std::string(Argv[2]) == "checks") {
    std::cout << cgols::docs::markdown();
    return 0;
  }
  std::cerr << "cgols: unknown command '" << Cmd << "'\n\n" << Usage;
  return 2;
}
