//===- Doctor.h - What is wrong with this machine for cgo -----------------===//
//
// The doctor judges facts about the machine (what probes found: the Go the
// editor uses and its architecture, the C compiler, Xcode and the SDK, the
// linker, Homebrew, gopls, pkg-config, the environment) and gives findings,
// each with a verdict, why it matters for cgo, and a fix: a settings.json
// change, a command for the user to run, or nothing but the docs. Pure: the
// server's probes fill MachineFacts (server/Health.cpp); tests give recorded
// facts for each scenario.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "core/CodeDocs.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cgols::doctor {

/// What a Go binary records about its build, as `go version -m` prints it
/// (Go 1.18 and later write it inline in the binary's .go.buildinfo or
/// __go_buildinfo section).
struct GoBuildInfo {
  std::string GoVersion;    ///< "go1.22.3"
  std::string Path;         ///< the main package ("golang.org/x/tools/gopls")
  std::string ModVersion;   ///< the main module's version ("v0.15.3")
  std::string GOOS, GOARCH; ///< from its build settings
};

struct Program {
  std::string Path;               ///< empty: not found
  std::vector<std::string> Archs; ///< "arm64", "amd64" (GOARCH names)
};

struct MachineFacts {
  std::string HostOS;         ///< GOOS names: "darwin", "linux"
  std::string HostArch;       ///< the process's architecture (GOARCH names)
  bool Arm64Hardware = false; ///< hw.optional.arm64 (macOS)
  bool Translated = false;    ///< sysctl.proc_translated: under Rosetta

  Program Go;
  std::string GoEnvError; ///< `go env -json` failed: why
  std::map<std::string, std::string> GoEnv;
  /// An arm64 go found where Homebrew or the installer puts it (a fix).
  std::string NativeGoCandidate;

  Program Gopls;
  /// What built gopls, per architecture of its file (readGoBuildInfo).
  std::vector<GoBuildInfo> GoplsBuild;

  Program CC;            ///< go env CC, found
  std::string CCName;    ///< go env CC as written
  std::string CCVersion; ///< first line of `cc --version`
  std::string CCMachine; ///< `cc -dumpmachine`
  /// `cc --version` failed: the first line of what it said.
  std::string CCError;

  // macOS only.
  bool XcodeSelectOk = false;
  std::string XcodeSelect; ///< its path, or its error
  std::string SdkPath;     ///< xcrun --show-sdk-path (or SDKROOT)
  bool SdkHasLibSystem = false;
  std::string LdVersion;                   ///< `ld -v` (its first line)
  bool BrewArm64 = false, BrewX86 = false; ///< /opt/homebrew, /usr/local

  Program PkgConfig;
  std::vector<std::string> PkgConfigAsked;   ///< by the workspace's #cgo
  std::vector<std::string> PkgConfigMissing; ///< of those, not found

  /// What the user's login shell finds that the editor's PATH does not
  /// (program name -> its path there): an editor started from the Dock does
  /// not inherit the terminal's PATH.
  std::map<std::string, std::string> OnlyInShell;
  /// The editor's environment: CGO_*, CC, GOFLAGS, GOARCH, GOOS, GOROOT,
  /// SDKROOT (only those set).
  std::map<std::string, std::string> Env;
  bool Trusted = true; ///< no probe ran in an untrusted workspace
};

enum class Verdict { Ok, Warning, Error };

struct Finding {
  std::string Code;    ///< stable, documented; empty for an "ok" line
  std::string Section; ///< "Go", "C compiler", "Xcode and SDK", ...
  Verdict V = Verdict::Ok;
  std::string Title;  ///< one line
  std::string Detail; ///< what was found, and why it matters
  /// The fix: settings values to set (key path -> string), and/or a command
  /// for the user to run.
  std::string FixTitle;
  std::vector<std::pair<std::vector<std::string>, std::string>> SetSettings;
  std::string Command;
};

std::vector<Finding> evaluate(const MachineFacts &F);

/// The findings' codes, documented (appended to docs/checks.md).
std::vector<CodeDoc> codeDocs();

/// `cgols doctor` output: sections with [✓] / [!] / [✗], details with
/// Verbose, and a summary line.
std::string renderText(const std::vector<Finding> &Fs, bool Verbose);

/// GOARCH names of a Mach-O (thin or universal) or ELF file's architectures;
/// empty if it is none of those.
std::vector<std::string> binaryArchs(std::string_view Bytes);

/// The Go build information of a Go binary (ELF, Mach-O, or each slice of
/// a universal Mach-O); empty for anything else, or a Go older than 1.18.
std::vector<GoBuildInfo> readGoBuildInfo(std::string_view Bytes);

/// The build information in the contents of such a section (its header,
/// the Go version and the module information); nullopt when it is not one.
std::optional<GoBuildInfo> parseGoBuildInfo(std::string_view Section);

/// "x86_64-apple-darwin23.0.0" -> "amd64"; "" if unknown.
std::string goArchOfTriple(const std::string &Triple);

} // namespace cgols::doctor
