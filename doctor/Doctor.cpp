//===- Doctor.cpp - What is wrong with this machine for cgo ---------------===//
#include "Doctor.h"

#include "llvm/Object/Binary.h"
#include "llvm/Object/MachOUniversal.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>

namespace cgols::doctor {

namespace {

std::string archOf(llvm::Triple::ArchType A) {
  switch (A) {
  case llvm::Triple::aarch64:
    return "arm64";
  case llvm::Triple::x86_64:
    return "amd64";
  case llvm::Triple::x86:
    return "386";
  case llvm::Triple::arm:
    return "arm";
  default:
    return "";
  }
}

bool has(const std::vector<std::string> &V, const std::string &X) {
  return std::find(V.begin(), V.end(), X) != V.end();
}

std::string get(const std::map<std::string, std::string> &M,
                const std::string &K) {
  auto It = M.find(K);
  return It == M.end() ? "" : It->second;
}

/// Go's minor version from "go1.21.3" (0 when unknown).
int goMinor(const std::string &V) {
  if (V.rfind("go1.", 0) != 0)
    return 0;
  return std::atoi(V.c_str() + 4);
}

std::string archList(const std::vector<std::string> &A) {
  std::string S;
  for (const std::string &X : A)
    S += (S.empty() ? "" : "+") + X;
  return S.empty() ? "unknown architecture" : S;
}

/// The fix for a C compiler that is not Apple clang: CC=clang for the go
/// command the editor's tools and gopls run.
void useAppleClang(Finding &X) {
  X.FixTitle = "Use Apple clang (CC=clang) for this workspace";
  X.SetSettings.push_back({{"go.toolsEnvVars", "CC"}, "clang"});
  X.SetSettings.push_back({{"gopls", "build.env", "CC"}, "clang"});
}

} // namespace

std::vector<std::string> binaryArchs(std::string_view Bytes) {
  std::vector<std::string> Out;
  llvm::MemoryBufferRef Ref(llvm::StringRef(Bytes.data(), Bytes.size()),
                            "binary");
  auto B = llvm::object::createBinary(Ref);
  if (!B) {
    llvm::consumeError(B.takeError());
    return Out;
  }
  if (auto *U = llvm::dyn_cast<llvm::object::MachOUniversalBinary>(B->get())) {
    for (const auto &O : U->objects()) {
      std::string A = archOf(O.getTriple().getArch());
      if (!A.empty() && !has(Out, A))
        Out.push_back(A);
    }
  } else if (auto *O = llvm::dyn_cast<llvm::object::ObjectFile>(B->get())) {
    std::string A = archOf(O->getArch());
    if (!A.empty())
      Out.push_back(A);
  }
  return Out;
}

namespace {

// cmd/go's buildinfo header (debug/buildinfo): 14 bytes of magic, the
// pointer size, flags (0x2: the strings follow inline), padding to 32.
constexpr llvm::StringLiteral BuildInfoMagic("\xff Go buildinf:");

bool uvarint(llvm::StringRef &S, std::uint64_t &V) {
  V = 0;
  for (unsigned Shift = 0; Shift < 64 && !S.empty(); Shift += 7) {
    unsigned char B = static_cast<unsigned char>(S.front());
    S = S.drop_front();
    V |= static_cast<std::uint64_t>(B & 0x7f) << Shift;
    if (!(B & 0x80))
      return true;
  }
  return false;
}

bool inlineString(llvm::StringRef &S, std::string &Out) {
  std::uint64_t N;
  if (!uvarint(S, N) || N > S.size())
    return false;
  Out = S.take_front(N).str();
  S = S.drop_front(N);
  return true;
}

// The header at the start of Blob (a buildinfo section, or where the magic
// was found).
std::optional<GoBuildInfo> parseBuildInfo(llvm::StringRef Blob) {
  if (!Blob.starts_with(BuildInfoMagic) || Blob.size() < 32)
    return std::nullopt;
  unsigned char Flags = static_cast<unsigned char>(Blob[15]);
  if (!(Flags & 0x2))
    return std::nullopt; // before Go 1.18: pointers into the data segment
  llvm::StringRef S = Blob.drop_front(32);
  GoBuildInfo I;
  std::string Mod;
  if (!inlineString(S, I.GoVersion) || !inlineString(S, Mod))
    return std::nullopt;
  // The module information sits between two 16-byte sentinels.
  if (Mod.size() >= 33 && Mod[Mod.size() - 17] == '\n')
    Mod = Mod.substr(16, Mod.size() - 32);
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  llvm::StringRef(Mod).split(Lines, '\n');
  for (llvm::StringRef L : Lines) {
    llvm::SmallVector<llvm::StringRef, 4> F;
    L.split(F, '\t');
    if (F.size() >= 2 && F[0] == "path")
      I.Path = F[1].str();
    else if (F.size() >= 3 && F[0] == "mod")
      I.ModVersion = F[2].str();
    else if (F.size() >= 2 && F[0] == "build") {
      auto [K, V] = F[1].split('=');
      if (K == "GOOS")
        I.GOOS = V.str();
      else if (K == "GOARCH")
        I.GOARCH = V.str();
    }
  }
  if (I.GoVersion.rfind("go", 0) != 0)
    return std::nullopt;
  return I;
}

// One object file's buildinfo section (Go writes one in every ELF and
// Mach-O binary; only its contents are read).
std::optional<GoBuildInfo> buildInfoOf(const llvm::object::ObjectFile *O) {
  if (O)
    for (const llvm::object::SectionRef &Sec : O->sections()) {
      llvm::Expected<llvm::StringRef> Name = Sec.getName();
      if (!Name) {
        llvm::consumeError(Name.takeError());
        continue;
      }
      if (*Name != ".go.buildinfo" && *Name != "__go_buildinfo")
        continue;
      llvm::Expected<llvm::StringRef> C = Sec.getContents();
      if (!C) {
        llvm::consumeError(C.takeError());
        continue;
      }
      return parseBuildInfo(*C);
    }
  return std::nullopt;
}

} // namespace

std::optional<GoBuildInfo> parseGoBuildInfo(std::string_view Section) {
  return parseBuildInfo(llvm::StringRef(Section.data(), Section.size()));
}

std::vector<GoBuildInfo> readGoBuildInfo(std::string_view Bytes) {
  std::vector<GoBuildInfo> Out;
  llvm::StringRef All(Bytes.data(), Bytes.size());
  llvm::MemoryBufferRef Ref(All, "binary");
  auto B = llvm::object::createBinary(Ref);
  if (!B) {
    llvm::consumeError(B.takeError());
    return Out;
  }
  if (auto *U = llvm::dyn_cast<llvm::object::MachOUniversalBinary>(B->get())) {
    for (const auto &Slice : U->objects()) {
      auto O = Slice.getAsObjectFile();
      if (!O) {
        llvm::consumeError(O.takeError());
        continue;
      }
      if (auto I = buildInfoOf(O->get()))
        Out.push_back(std::move(*I));
    }
  } else if (auto *O = llvm::dyn_cast<llvm::object::ObjectFile>(B->get())) {
    if (auto I = buildInfoOf(O))
      Out.push_back(std::move(*I));
  }
  return Out;
}

std::string goArchOfTriple(const std::string &Triple) {
  std::string T = Triple.substr(0, Triple.find('-'));
  if (T == "arm64")
    return "arm64";
  return archOf(llvm::Triple(Triple).getArch());
}

namespace {
/// What to search package managers for, from a pkg-config module name: the
/// name before its version ("gtk+-3.0" -> "gtk", "glib-2.0" -> "glib"),
/// without a trailing version number ("sqlite3" -> "sqlite").
std::string searchStem(const std::string &Module) {
  std::string S = Module.substr(0, Module.find('+'));
  std::size_t Dash = S.find('-');
  if (Dash != std::string::npos && Dash + 1 < S.size() &&
      std::isdigit(static_cast<unsigned char>(S[Dash + 1])))
    S.resize(Dash);
  std::size_t End = S.size();
  while (End > 0 && std::isdigit(static_cast<unsigned char>(S[End - 1])))
    --End;
  if (End >= 3)
    S.resize(End);
  return S.empty() ? Module : S;
}
} // namespace

std::vector<Finding> evaluate(const MachineFacts &F) {
  std::vector<Finding> Out;
  bool Mac = F.HostOS == "darwin";
  auto Add = [&](const char *Section, Verdict V, std::string Code,
                 std::string Title, std::string Detail = "") {
    Finding X;
    X.Section = Section;
    X.V = V;
    X.Code = std::move(Code);
    X.Title = std::move(Title);
    X.Detail = std::move(Detail);
    Out.push_back(std::move(X));
    return &Out.back();
  };
  if (!F.Trusted) {
    Add("Workspace", Verdict::Warning, "env-untrusted",
        "Not checked: the workspace is not trusted",
        "cgols runs no program in an untrusted workspace (go, cc, xcrun); "
        "trust it to see the machine's health.");
    return Out;
  }
  // The native architecture: an arm64 Mac reports x86_64 to a translated
  // process.
  std::string Native = (Mac && F.Arm64Hardware) ? "arm64" : F.HostArch;
  const std::string InstallGo =
      Mac ? "brew install go" : "sudo apt install golang-go";

  // --- Host --------------------------------------------------------------
  if (F.Translated)
    Add("Host", Verdict::Warning, "env-rosetta",
        "The editor runs under Rosetta (x86_64 on an arm64 Mac)",
        "Programs it starts default to x86_64 too: an x86_64 go builds "
        "amd64, and cgo then fails against arm64 libraries. Install the "
        "Apple Silicon build of the editor.");
  else
    Add("Host", Verdict::Ok, "", F.HostOS + "/" + Native);

  // --- Go ----------------------------------------------------------------
  std::string GoArch = get(F.GoEnv, "GOARCH"),
              GoHostArch = get(F.GoEnv, "GOHOSTARCH"),
              GoVersion = get(F.GoEnv, "GOVERSION");
  if (F.Go.Path.empty()) {
    Finding *X = Add("Go", Verdict::Error, "env-go-missing",
                     "No go on the editor's PATH",
                     "gopls, the Go extension and cgols need the go command.");
    X->Command = InstallGo;
    X->FixTitle = "Install Go";
  } else if (!F.GoEnvError.empty()) {
    Add("Go", Verdict::Error, "env-go-broken",
        "`go env` failed: " + F.GoEnvError,
        "The go command at " + F.Go.Path + " does not run.");
  } else {
    Add("Go", Verdict::Ok, "",
        GoVersion + " " + get(F.GoEnv, "GOOS") + "/" + GoArch + " (" +
            F.Go.Path + ", " + archList(F.Go.Archs) + ")");
    bool X86GoOnArm = Mac && F.Arm64Hardware &&
                      (GoHostArch == "amd64" ||
                       (!F.Go.Archs.empty() && !has(F.Go.Archs, "arm64")));
    if (X86GoOnArm) {
      Finding *X =
          Add("Go", Verdict::Error, "env-go-arch",
              "An x86_64 go on an arm64 Mac (it runs under Rosetta)",
              "It builds amd64 by default (GOHOSTARCH=amd64), and cgo fails "
              "against arm64 libraries: \"building for macOS-x86_64 but "
              "attempting to link with file built for macOS-arm64\".");
      if (!F.NativeGoCandidate.empty()) {
        X->FixTitle = "Use the arm64 go at " + F.NativeGoCandidate;
        X->SetSettings.push_back(
            {{"go.alternateTools", "go"}, F.NativeGoCandidate});
      } else {
        X->FixTitle = "Install the arm64 Go";
        X->Command = "brew install go  # with Homebrew in /opt/homebrew";
      }
    } else if (!GoArch.empty() && !Native.empty() && GoArch != Native &&
               get(F.GoEnv, "CGO_ENABLED") == "1") {
      Add("Go", Verdict::Warning, "env-goarch-cross",
          "GOARCH=" + GoArch + " on a " + Native + " host",
          "cgo then needs a C compiler and libraries for " + GoArch +
              "; unset GOARCH unless you cross-compile on purpose.");
    }
    std::string Goroot = get(F.Env, "GOROOT");
    if (!Goroot.empty() && F.Go.Path.rfind(Goroot + "/", 0) != 0)
      Add("Go", Verdict::Warning, "env-goroot",
          "GOROOT=" + Goroot + " is not the go at " + F.Go.Path,
          "The go command then uses another Go's standard library and "
          "runtime/cgo: builds fail in confusing ways. Unset GOROOT.");
    if (get(F.GoEnv, "CGO_ENABLED") == "0") {
      bool FromEnv = get(F.Env, "CGO_ENABLED") == "0";
      bool NoCC = F.CC.Path.empty();
      Finding *X = Add(
          "Go", Verdict::Error, "env-cgo-disabled",
          "cgo is off (CGO_ENABLED=0)",
          std::string(FromEnv ? "The editor's environment sets CGO_ENABLED=0."
                      : NoCC  ? "No C compiler was found, so the go command "
                                "turned cgo off (Go 1.20 and later)."
                              : "It is set in the go env file (go env -w).") +
              " gopls reports \"could not import C\" and the go tools skip "
              "every cgo file.");
      if (!NoCC) {
        X->FixTitle = "Set CGO_ENABLED=1 for this workspace";
        X->SetSettings.push_back({{"go.toolsEnvVars", "CGO_ENABLED"}, "1"});
        X->SetSettings.push_back({{"gopls", "build.env", "CGO_ENABLED"}, "1"});
        if (!FromEnv)
          X->Command = "go env -u CGO_ENABLED";
      }
    }
  }

  // --- C compiler ------------------------------------------------------
  if (F.CC.Path.empty()) {
    Finding *X =
        Add("C compiler", Verdict::Error, "env-cc-missing",
            "No C compiler" +
                (F.CCName.empty() ? std::string() : " ('" + F.CCName + "')") +
                " on the editor's PATH",
            "cgo compiles every preamble with it.");
    X->FixTitle = Mac ? "Install the Command Line Tools" : "Install gcc";
    X->Command = Mac ? "xcode-select --install" : "sudo apt install gcc";
  } else if (!F.CCError.empty()) {
    Finding *X =
        Add("C compiler", Verdict::Error, "env-cc-missing",
            "The C compiler " + F.CC.Path + " does not run: " + F.CCError,
            "cgo compiles every preamble with it. On a Mac "
            "/usr/bin/clang only hands over to the Command Line "
            "Tools, which a macOS upgrade removes.");
    X->FixTitle = Mac ? "Install the Command Line Tools" : "Install gcc";
    X->Command = Mac ? "xcode-select --install" : "sudo apt install gcc";
  } else {
    std::string CCArch = goArchOfTriple(F.CCMachine);
    Add("C compiler", Verdict::Ok, "",
        F.CCVersion + " (" + F.CC.Path + ", targets " + F.CCMachine + ")");
    if (!CCArch.empty() && !GoArch.empty() && CCArch != GoArch) {
      Finding *X =
          Add("C compiler", Verdict::Error, "env-cc-arch",
              "The C compiler targets " + F.CCMachine + ", Go builds " + GoArch,
              "cgo objects of two architectures do not link. CC='" + F.CCName +
                  "' is often a cross compiler (Anaconda's, a toolchain's).");
      if (Mac) {
        useAppleClang(*X);
      }
    }
    if (Mac && F.CCVersion.find("clang") == std::string::npos) {
      Finding *X =
          Add("C compiler", Verdict::Warning, "env-cc-not-clang",
              "CC is not Apple clang: " + F.CCVersion,
              "Objective-C, -framework and the SDK's headers need Apple clang; "
              "a Homebrew or Anaconda gcc fails on them.");
      useAppleClang(*X);
    }
  }

  // --- Xcode and SDK (macOS) ------------------------------------------
  if (Mac) {
    if (!F.XcodeSelectOk) {
      Finding *X = Add("Xcode and SDK", Verdict::Error, "env-xcode-missing",
                       "No Command Line Tools: " + F.XcodeSelect,
                       "Without them there is no clang, no linker and no "
                       "SDK (\"xcrun: error: invalid active developer "
                       "path\").");
      X->FixTitle = "Install the Command Line Tools";
      X->Command = "xcode-select --install";
    } else if (F.SdkPath.empty() || !F.SdkHasLibSystem) {
      Finding *X = Add(
          "Xcode and SDK", Verdict::Error, "env-sdk-missing",
          F.SdkPath.empty()
              ? "No macOS SDK found"
              : "The SDK at " + F.SdkPath + " has no usr/lib/libSystem.tbd",
          "Builds fail with \"'stdlib.h' file not found\" and \"library not "
          "found for -lSystem\".");
      X->FixTitle = "Reinstall the Command Line Tools";
      X->Command = "sudo rm -rf /Library/Developer/CommandLineTools && "
                   "xcode-select --install";
    } else {
      Add("Xcode and SDK", Verdict::Ok, "",
          "developer dir " + F.XcodeSelect + ", SDK " + F.SdkPath);
    }
    // The Xcode 15 linker: Xcode 15.0's says "PROJECT:dyld-1015.7" (as
    // quoted in mesonbuild/meson#12282), later ones "PROJECT:ld-1053.12";
    // the classic one "PROJECT:ld64-857.1".
    bool NewLinker = F.LdVersion.find("PROJECT:ld-") != std::string::npos ||
                     F.LdVersion.find("PROJECT:dyld-") != std::string::npos;
    if (NewLinker && goMinor(GoVersion) > 0 && goMinor(GoVersion) < 22) {
      Add("Xcode and SDK", Verdict::Warning, "env-xcode15-linker",
          "The Xcode 15+ linker with " + GoVersion,
          "Go before 1.22 draws \"ld: warning: ... malformed LC_DYSYMTAB\" "
          "and duplicate -lobjc warnings from it. Upgrade Go; meanwhile "
          "CGO_LDFLAGS=-Wl,-no_warn_duplicate_libraries silences the second.");
    }
    if (F.Arm64Hardware && F.BrewX86 && !F.BrewArm64) {
      Finding *X = Add("Homebrew", Verdict::Warning, "env-homebrew-x86",
                       "Homebrew is the x86_64 one (/usr/local) on an arm64 "
                       "Mac",
                       "Its libraries are x86_64: an arm64 cgo build cannot "
                       "link them (pkg-config points there).");
      X->FixTitle = "Install Homebrew for Apple Silicon (/opt/homebrew)";
      X->Command = "/bin/bash -c \"$(curl -fsSL "
                   "https://raw.githubusercontent.com/Homebrew/install/HEAD/"
                   "install.sh)\"";
    }
  }

  // --- The editor's PATH ----------------------------------------------
  for (const auto &[Name, Where] : F.OnlyInShell) {
    Finding *X = Add("PATH", Verdict::Warning, "env-path-differs",
                     Name + " is on your login shell's PATH (" + Where +
                         ") but not on the editor's",
                     "An editor started from the Dock or a launcher does not "
                     "read your shell's profile: tools you installed there "
                     "(Homebrew's, ~/go/bin) are missing for it.");
    if (Name == "go") {
      X->FixTitle = "Use " + Where + " for this workspace";
      X->SetSettings.push_back({{"go.alternateTools", "go"}, Where});
    } else {
      X->FixTitle = "Start the editor from a terminal, or add the directory "
                    "to the PATH the desktop session gets";
      X->Command = "code .";
    }
  }

  // --- gopls -----------------------------------------------------------
  if (F.Gopls.Path.empty()) {
    Finding *X = Add("gopls", Verdict::Warning, "env-gopls-missing",
                     "No gopls on PATH or in GOPATH/bin",
                     "The Go extension installs it on first use; without it "
                     "there is no Go language server beside cgols.");
    X->FixTitle = "Install gopls";
    X->Command = "go install golang.org/x/tools/gopls@latest";
  } else {
    // What built it (`go version -m`).
    // The slice that runs here (a universal binary's native one), else the
    // first.
    const GoBuildInfo *BI = F.GoplsBuild.empty() ? nullptr : &F.GoplsBuild[0];
    for (const GoBuildInfo &S : F.GoplsBuild)
      if (S.GOARCH == Native)
        BI = &S;
    std::string Built =
        BI ? " (built by " + BI->GoVersion +
                 (BI->GOOS.empty() ? ""
                                   : " for " + BI->GOOS + "/" + BI->GOARCH) +
                 (BI->ModVersion.empty() ? "" : ", gopls " + BI->ModVersion) +
                 ")"
           : "";
    if (!F.Gopls.Archs.empty() && !has(F.Gopls.Archs, Native)) {
      Finding *X = Add("gopls", Verdict::Warning, "env-gopls-arch",
                       "gopls is built for " + archList(F.Gopls.Archs) +
                           " on a " + Native + " machine",
                       "It was installed by an x86_64 go" + Built +
                           ": it runs under Rosetta and loads packages for "
                           "the wrong GOARCH.");
      X->FixTitle = "Reinstall gopls with the native go";
      X->Command = "go install golang.org/x/tools/gopls@latest";
    } else if (BI && goMinor(BI->GoVersion) && goMinor(GoVersion) &&
               goMinor(BI->GoVersion) < goMinor(GoVersion)) {
      Finding *X = Add(
          "gopls", Verdict::Warning, "env-gopls-old-go",
          "gopls was built by " + BI->GoVersion + ", older than " + GoVersion,
          F.Gopls.Path + Built +
              ": a gopls built by an older Go cannot type-check code that "
              "uses the newer Go's language and library, and says so only "
              "as load errors.");
      X->FixTitle = "Reinstall gopls with " + GoVersion;
      X->Command = "go install golang.org/x/tools/gopls@latest";
    } else {
      Add("gopls", Verdict::Ok, "",
          F.Gopls.Path + " (" + archList(F.Gopls.Archs) + ")" + Built);
    }
  }

  // --- pkg-config ------------------------------------------------------
  if (!F.PkgConfigAsked.empty()) {
    if (F.PkgConfig.Path.empty()) {
      Finding *X = Add("pkg-config", Verdict::Error, "env-pkg-config-missing",
                       "No pkg-config, and the workspace's #cgo lines ask "
                       "for it",
                       "The go command runs pkg-config for `#cgo "
                       "pkg-config:` lines; without it the build stops.");
      X->FixTitle = "Install pkg-config";
      X->Command = Mac ? "brew install pkgconf" : "sudo apt install pkg-config";
    } else if (!F.PkgConfigMissing.empty()) {
      std::string Names;
      for (const std::string &N : F.PkgConfigMissing)
        Names += (Names.empty() ? "" : ", ") + N;
      Finding *X = Add(
          "pkg-config", Verdict::Warning, "env-pkg-config-package",
          "pkg-config does not know " + Names,
          "The workspace's #cgo pkg-config lines ask for them: install their "
          "development packages, or set PKG_CONFIG_PATH.");
      X->FixTitle = "Install the packages";
      // A pkg-config module is not a formula (gtk+-3.0 is Homebrew's gtk+3,
      // sqlite3 its sqlite): search for the name's stem, as on Debian.
      X->Command = Mac ? "brew search " + searchStem(F.PkgConfigMissing.front())
                       : "apt search --names-only '" +
                             F.PkgConfigMissing.front() + ".*-dev'";
    } else {
      Add("pkg-config", Verdict::Ok, "", F.PkgConfig.Path);
    }
  }
  return Out;
}

std::string renderText(const std::vector<Finding> &Fs, bool Verbose) {
  std::vector<std::string> Sections;
  for (const Finding &F : Fs)
    if (!has(Sections, F.Section))
      Sections.push_back(F.Section);
  std::string Out =
      Verbose ? "cgols doctor\n" : "cgols doctor (run with -v for details)\n";
  int Problems = 0;
  for (const std::string &S : Sections) {
    Verdict Worst = Verdict::Ok;
    std::string Head;
    std::vector<const Finding *> Items;
    for (const Finding &F : Fs)
      if (F.Section == S) {
        Items.push_back(&F);
        Worst = std::max(Worst, F.V);
        if (Head.empty() && F.V == Verdict::Ok)
          Head = F.Title;
      }
    if (Worst != Verdict::Ok)
      ++Problems;
    const char *Mark = Worst == Verdict::Ok        ? "[✓]"
                       : Worst == Verdict::Warning ? "[!]"
                                                   : "[✗]";
    Out +=
        std::string(Mark) + " " + S + (Head.empty() ? "" : ": " + Head) + "\n";
    for (const Finding *F : Items) {
      if (F->V == Verdict::Ok)
        continue;
      Out += std::string("    ") + (F->V == Verdict::Error ? "✗ " : "! ") +
             F->Title + " [" + F->Code + "]\n";
      if (Verbose && !F->Detail.empty())
        Out += "      " + F->Detail + "\n";
      if (!F->FixTitle.empty()) {
        Out += "      fix: " + F->FixTitle;
        if (!F->Command.empty())
          Out += ": " + F->Command;
        for (const auto &[Path, Value] : F->SetSettings) {
          std::string Key;
          for (const std::string &K : Path)
            Key += (Key.empty() ? "" : " > ") + K;
          Out += "; settings.json " + Key + " = \"" + Value + "\"";
        }
        Out += "\n";
      }
    }
  }
  Out += Problems == 0
             ? "\n• No issues found.\n"
             : "\n! Doctor found issues in " + std::to_string(Problems) +
                   (Problems == 1 ? " category.\n" : " categories.\n");
  return Out;
}

std::vector<CodeDoc> codeDocs() {
  return {
      {"env-untrusted", "(warning)",
       R"md(**What.** The workspace is not trusted, so the doctor ran nothing. **Fix.** Trust the workspace.)md"},
      {"env-rosetta", "(warning)",
       R"md(**What.** The editor itself runs under Rosetta on an arm64 Mac (`sysctl.proc_translated` is 1).

**Why.** The programs it starts (go, gopls) default to x86_64: an x86_64 go builds amd64, and cgo then
fails against arm64 libraries.

**Fix.** Install the Apple Silicon build of the editor.)md"},
      {"env-go-missing", "",
       R"md(**What.** No `go` on the editor's PATH. Editors started from the Dock do not read the shell's
PATH. **Fix.** Install Go, or set `go.alternateTools`.)md"},
      {"env-go-broken", "",
       R"md(**What.** `go env -json` failed. **Fix.** As its message says (often a bad `GOENV` file or
`GOTOOLCHAIN`).)md"},
      {"env-go-arch", "",
       R"md(**What.** An x86_64 go on an arm64 Mac: `GOHOSTARCH=amd64`, or the binary has no arm64 slice.

**Why.** It builds amd64 by default and cgo fails against arm64 libraries: `building for
macOS-x86_64 but attempting to link with file built for macOS-arm64`.

**Fix.** *Use the arm64 go at /opt/homebrew/bin/go* (sets `go.alternateTools.go`), or install the
arm64 Go.)md"},
      {"env-goarch-cross", "(warning)",
       R"md(**What.** `GOARCH` differs from the machine's architecture while cgo is on. **Why.** cgo needs a C
cross compiler and libraries for that architecture. **Fix.** Unset `GOARCH` unless you
cross-compile on purpose.)md"},
      {"env-goroot", "(warning)",
       R"md(**What.** `GOROOT` names another Go than the `go` on PATH. **Why.** The go command then uses another
standard library. **Fix.** Unset `GOROOT`.)md"},
      {"env-cgo-disabled", "",
       R"md(**What.** `go env CGO_ENABLED` is `0`: set in the editor's environment, by `go env -w`, or because
no C compiler was found (Go 1.20 and later turn cgo off then).

**Why.** gopls reports `could not import C` and the go tools skip every cgo file.

**Fix.** *Set CGO_ENABLED=1 for this workspace* (`go.toolsEnvVars` and gopls `build.env`), and
`go env -u CGO_ENABLED` when the go env file sets it.)md"},
      {"env-cc-missing", "",
       R"md(**What.** The C compiler `go env CC` names is not found, or is found and fails to run (on a Mac,
`/usr/bin/clang` is a shim that fails with `xcrun: error: invalid active developer path` when the
Command Line Tools are gone, as after a macOS upgrade). **Fix.** `xcode-select --install` on a
Mac, `sudo apt install gcc` on Debian.)md"},
      {"env-cc-arch", "",
       R"md(**What.** `cc -dumpmachine` names another architecture than `GOARCH` (a cross gcc from Anaconda or
a toolchain in `CC`). **Why.** Objects of two architectures do not link. **Fix.** *Use Apple
clang (CC=clang) for this workspace*, or fix `CC`.)md"},
      {"env-cc-not-clang", "(warning)",
       R"md(**What.** On macOS, `CC` is not Apple clang (a Homebrew or Anaconda gcc). **Why.** Objective-C,
`-framework` and the SDK headers need Apple clang. **Fix.** *Use Apple clang (CC=clang) for this
workspace*.)md"},
      {"env-xcode-missing", "",
       R"md(**What.** `xcode-select -p` fails, or prints a developer folder that has no `usr/bin/xcrun` (after a
macOS upgrade it still prints `/Library/Developer/CommandLineTools`, which is gone): no Command
Line Tools. **Why.** No clang, linker or SDK (`xcrun: error: invalid active developer path`).
**Fix.** `xcode-select --install`.)md"},
      {"env-sdk-missing", "",
       R"md(**What.** No macOS SDK, or one without `usr/lib/libSystem.tbd`. **Why.** `'stdlib.h' file not
found`, `library not found for -lSystem`. **Fix.** Reinstall the Command Line Tools, or set
`SDKROOT`.)md"},
      {"env-xcode15-linker", "(warning)",
       R"md(**What.** The Xcode 15+ linker (`ld -v` says `PROJECT:dyld-1015.7` in Xcode 15.0 and `PROJECT:ld-…` later, not `ld64-…`) with Go before 1.22.
**Why.** `malformed LC_DYSYMTAB` warnings, and `ignoring duplicate libraries: '-lobjc'`
(golang/go#61229, #67799). **Fix.** Upgrade Go; `CGO_LDFLAGS=-Wl,-no_warn_duplicate_libraries`
silences the duplicate-library warning.)md"},
      {"env-homebrew-x86", "(warning)",
       R"md(**What.** Only the x86_64 Homebrew (`/usr/local`) on an arm64 Mac. **Why.** Its libraries cannot
link into an arm64 build. **Fix.** Install Homebrew in `/opt/homebrew`.)md"},
      {"env-path-differs", "(warning)",
       R"md(**What.** `go`, `gopls`, `cc`, `pkg-config` or `cgols` is on the login shell's PATH but not on the
editor's. **Why.** An editor started from the Dock or a launcher does not read the shell's
profile (tigerbeetle/tigerbeetle#3474): the Go extension and cgols then miss tools the terminal
finds. **Fix.** For go: *Use /opt/homebrew/bin/go for this workspace* (`go.alternateTools.go`);
otherwise start the editor from a terminal (`code .`) or set the session's PATH.)md"},
      {"env-gopls-missing", "(warning)",
       R"md(**What.** No gopls on PATH or in `GOPATH/bin`. **Fix.** `go install
golang.org/x/tools/gopls@latest`.)md"},
      {"env-gopls-old-go", "(warning)",
       R"md(**What.** gopls was built by an older Go (its build information, as `go version -m`
prints it) than the go command the workspace uses (`go env GOVERSION`).

**Why.** gopls type-checks with the go/types of the Go that built it: code that uses a newer
language version or library fails to load, while `go build` works.

**Fix.** `go install golang.org/x/tools/gopls@latest` with the current go.)md"},
      {"env-gopls-arch", "(warning)",
       R"md(**What.** gopls is built for another architecture than the machine's (installed by an x86_64 go).
**Fix.** Reinstall it with the native go.)md"},
      {"env-pkg-config-missing", "",
       R"md(**What.** The workspace's `#cgo pkg-config:` lines need pkg-config, and it is not found. **Fix.**
`brew install pkgconf` (Homebrew's pkg-config) / `sudo apt install pkg-config`.)md"},
      {"env-pkg-config-package", "(warning)",
       R"md(**What.** pkg-config does not know a package the workspace asks for. **Fix.** Install its
development package (`brew search gtk` for `gtk+-3.0`: a pkg-config name is not a formula name;
`apt search --names-only 'gtk+-3.0.*-dev'` on Debian), or set `PKG_CONFIG_PATH`.)md"},
  };
}

} // namespace cgols::doctor
