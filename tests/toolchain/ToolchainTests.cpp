//===- ToolchainTests.cpp - cgols's predictions against `go build` --------===//
//
// For each program under tests/toolchain/cases: build it with the real go
// command and CC=clang-16 (the compiler closest to Apple clang) and with
// CC=gcc, check each outcome against the case's expect.txt (which records
// where gcc differs), and check that cgols predicts exactly the errors the
// clang-16 build prints: the same (file, line) for compile errors, the same
// text for #cgo line errors, the same symbols for the linker's undefined
// references and the same names for its missing libraries, and nothing for
// programs that build.
//
// Needs go, clang-16 and gcc on PATH: ctest label "toolchain".
//
//===----------------------------------------------------------------------===//
#include "Analysis.h"
#include "Environment.h"
#include "Server.h"
#include "core/LineTable.h"
#include "gobuild/Walk.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace cgols;

namespace {

const fs::path Cases = fs::path(CGOLS_SOURCE_DIR) / "tests/toolchain/cases";

std::vector<std::string> caseNames() {
  std::vector<std::string> Out;
  for (const auto &E : fs::directory_iterator(Cases))
    if (E.is_directory())
      Out.push_back(E.path().filename().string());
  std::sort(Out.begin(), Out.end());
  return Out;
}

struct BuildResult {
  bool Ok = false;
  std::string Stderr;
};

// Runs `go build` in Dir with the given C compiler, through the same
// Environment the server uses (sys::ExecuteAndWait).
BuildResult goBuild(const fs::path &Dir, const std::string &CC,
                    const std::string &PkgConfigPath) {
  RealEnvironment Env;
  fs::path Cache = fs::temp_directory_path() / "cgols-toolchain-gocache";
  std::string Script =
      "cd '" + Dir.string() + "' && " +
      (PkgConfigPath.empty() ? std::string()
                             : "PKG_CONFIG_PATH='" + PkgConfigPath + "' ") +
      "CC=" + CC + " GOFLAGS=-buildvcs=false GOCACHE='" + Cache.string() +
      "' go build -o /dev/null . ";
  RunResult R = Env.run({"/bin/sh", "-c", Script}, 300);
  EXPECT_TRUE(R.Started) << R.StartError;
  return {R.ExitCode == 0, R.Err};
}

struct Key {
  std::string File; // base name
  unsigned Line;
  bool operator<(const Key &O) const {
    return std::tie(File, Line) < std::tie(O.File, O.Line);
  }
};

std::string show(const std::set<Key> &S) {
  std::string Out;
  for (const Key &K : S)
    Out += " " + K.File + ":" + std::to_string(K.Line);
  return Out.empty() ? " (none)" : Out;
}

std::string stripTargets(std::string M) {
  static const std::regex Suffix(
      " \\([a-z0-9]+/[a-z0-9]+(, [a-z0-9]+/[a-z0-9]+)*\\)$");
  return std::regex_replace(M, Suffix, "");
}

class GoBuild : public ::testing::TestWithParam<std::string> {};

TEST_P(GoBuild, Predicts) {
  fs::path Src = Cases / GetParam();
  fs::path Dir = fs::temp_directory_path() / ("cgols-toolchain-" + GetParam() +
                                              "-" + std::to_string(getpid()));
  fs::remove_all(Dir);
  fs::copy(Src, Dir, fs::copy_options::recursive);
  Dir = fs::canonical(Dir);

  std::map<std::string, std::string> Expect;
  {
    std::ifstream In(Dir / "expect.txt");
    for (std::string L; std::getline(In, L);)
      if (auto C = L.find(": "); C != std::string::npos)
        Expect[L.substr(0, C)] = L.substr(C + 2);
  }
  // A case's own .pc files: for go build, and for cgols as the editor's
  // PKG_CONFIG_PATH.
  std::string PkgConfigPath;
  if (Expect.count("pkg-config-path"))
    PkgConfigPath = (Dir / Expect["pkg-config-path"]).string();
  BuildResult Clang = goBuild(Dir, "clang-16", PkgConfigPath);
  BuildResult Gcc = goBuild(Dir, "gcc", PkgConfigPath);
  EXPECT_EQ(Clang.Ok ? "ok" : "fail", Expect["clang"]) << Clang.Stderr;
  EXPECT_EQ(Gcc.Ok ? "ok" : "fail", Expect["gcc"]) << Gcc.Stderr;

  // What the clang-16 build reports.
  std::set<Key> BuildErrors;
  std::set<std::string> BuildDirectiveErrors;
  static const std::regex CompileErr(
      R"(^\./([^:]+):(\d+):\d+: ((fatal )?error: |could not determine kind of name for C\.))");
  static const std::regex FlagErr(
      R"(^go build [^:]+: (invalid flag in #cgo .*)$)");
  static const std::regex LinkDup(
      R"(multiple definition of .([A-Za-z_][A-Za-z0-9_$]*).)");
  static const std::regex LinkLib(R"(cannot find -l([^: ]+))");
  static const std::regex LinkUndefined(R"(undefined reference to `([^']+)')");
  std::set<std::string> BuildSymbols, BuildLibs, BuildFlagErrors,
      BuildUndefined;
  static const std::regex DirectiveErr(
      R"(^(/[^:]+\.go): ((invalid|malformed) #cgo .*)$)");
  // The Go compiler's errors in Go code using C names (and cgo's own, such
  // as a variadic call): (file, line) -> message with its have/want lines.
  static const std::regex GoErr(R"(^(cgo: )?\./([^:]+\.go):(\d+):\d+: (.*)$)");
  static const std::regex NotGo(
      R"(^((fatal )?error: |warning: |note: |too many errors|could not determine kind))");
  std::map<Key, std::vector<std::string>> BuildGoErrors;
  std::string *LastGo = nullptr;
  std::istringstream In(Clang.Stderr);
  for (std::string L; std::getline(In, L);) {
    std::smatch M;
    if (LastGo && !L.empty() && L[0] == '\t') {
      *LastGo += "\n" + L;
      continue;
    }
    LastGo = nullptr;
    if (std::regex_match(L, M, GoErr) &&
        !std::regex_search(M[4].str(), NotGo)) {
      auto &V =
          BuildGoErrors[{M[2].str(), static_cast<unsigned>(std::stoul(M[3]))}];
      V.push_back(M[4].str());
      LastGo = &V.back();
      continue;
    }
    if (std::regex_search(L, M, LinkDup))
      BuildSymbols.insert(M[1]);
    if (std::regex_search(L, M, LinkLib))
      BuildLibs.insert(M[1]);
    if (std::regex_search(L, M, LinkUndefined))
      BuildUndefined.insert(M[1]);
    if (std::regex_match(L, M, FlagErr))
      BuildFlagErrors.insert(M[1]);
    else if (std::regex_search(L, M, CompileErr))
      BuildErrors.insert({M[1], static_cast<unsigned>(std::stoul(M[2]))});
    else if (std::regex_match(L, M, DirectiveErr))
      BuildDirectiveErrors.insert(fs::path(M[1].str()).filename().string() +
                                  ": " + M[2].str());
  }

  // What cgols predicts for the host target.
  RealEnvironment Env;
  cgols::Toolchain TC = probeToolchain(Env);
  ASSERT_TRUE(TC.GoFound) << TC.Problem;
  Config C;
  C.Targets = {TC.GOHOSTOS + "/" + TC.GOHOSTARCH};
  std::vector<std::string> Notices;
  ServerCallbacks CB;
  CB.Notice = [&](Severity, const std::string &, const std::string &M) {
    Notices.push_back(M);
  };
  Server Core(Env, CB);
  std::map<std::string, std::string> EditorEnv;
  if (!PkgConfigPath.empty())
    EditorEnv["PKG_CONFIG_PATH"] = PkgConfigPath;
  Core.initialize(C, true, EditorEnv);
  // Every package of the case (a program and the packages it imports).
  std::set<std::string> Dirs;
  std::string WalkError;
  ASSERT_TRUE(packageDirectories(*llvm::vfs::getRealFileSystem(), Dir.string(),
                                 Dirs, WalkError))
      << WalkError;
  std::vector<std::shared_ptr<const PackageAnalysis>> Analyses;
  for (const std::string &D : Dirs) {
    auto A = Core.analyzeNow(D);
    ASSERT_TRUE(A) << D;
    ASSERT_TRUE(A->Result.Notices.empty()) << D;
    Analyses.push_back(A);
  }
  ASSERT_TRUE(Notices.empty()) << Notices.front();

  std::set<Key> Predicted;
  std::set<std::string> PredictedDirective;
  std::set<std::string> PredictedSymbols, PredictedLibs, ObjCFiles,
      PredictedUndefined;
  std::vector<std::string> PredictedFlagMessages, LinkWarnings;
  std::size_t LinkErrors = 0;
  std::map<std::string, std::size_t> CodeCounts;
  std::map<Key, std::vector<std::string>> PredictedGo;
  static const std::set<std::string> GoCodes = {
      "cgo-variadic-call", "cgo-argument-count", "cgo-argument-type",
      "cgo-result-type", "cgo-struct-field"};
  for (const auto &A : Analyses)
    for (const auto &[Path, Ds] : A->Result.ByFile) {
      std::string Text;
      for (const auto &F : A->Pkg.Files)
        if (F->Path == Path)
          Text = F->Text;
      LineTable LT(Text);
      for (const Diagnostic &D : Ds) {
        ++CodeCounts[D.Code];
        bool Link = D.Code == "cgo-missing-library" ||
                    D.Code == "cgo-missing-framework";
        if (Link && D.Sev == Severity::Warning)
          LinkWarnings.push_back(D.Message);
        if (D.Sev != Severity::Error)
          continue;
        LinkErrors += Link;
        if (GoCodes.count(D.Code)) {
          PredictedGo[{fs::path(Path).filename().string(),
                       static_cast<unsigned>(LT.lineCol(D.Where.Begin).Line +
                                             1)}]
              .push_back(stripTargets(D.Message));
          continue;
        }
        // Link-time predictions: the symbol or library the linker will name.
        if (D.Code == "cgo-export-definition" ||
            D.Code == "cgo-duplicate-symbol") {
          std::size_t Q = D.Message.find('\'');
          PredictedSymbols.insert(
              D.Message.substr(Q + 1, D.Message.find('\'', Q + 1) - Q - 1));
          continue;
        }
        // "Add -lm to #cgo linux LDFLAGS: cbrt, sqrt are defined in ...",
        // "Add -lz to the #cgo LDFLAGS of example.com/m/z: deflateEnd is".
        if (Link) {
          std::size_t B = D.Message.find(": ", D.Message.find("LDFLAGS")) + 2;
          std::size_t E = D.Message.find(" defined in ");
          std::string Names = D.Message.substr(B, E - B);
          Names = Names.substr(0, Names.rfind(' ')); // " is" / " are"
          std::stringstream SS(Names);
          for (std::string N; std::getline(SS, N, ',');)
            PredictedUndefined.insert(N.substr(N.find_first_not_of(' ')));
          continue;
        }
        // One finding for the names a library is too old for: each name's
        // first use is where cgo reports it.
        if (D.Code == "cgo-library-too-old") {
          for (const auto &R : D.Related)
            Predicted.insert(
                {fs::path(R.Where.File).filename().string(),
                 static_cast<unsigned>(LT.lineCol(R.Where.Begin).Line + 1)});
          continue;
        }
        if (D.Code == "cgo-library-not-found") {
          std::size_t B = D.Message.find("no lib") + 6;
          PredictedLibs.insert(D.Message.substr(B, D.Message.find(' ', B) - B));
          continue;
        }
        if (D.Code == "cgo-flag-ld-classic") {
          PredictedLibs.insert("d_classic");
          continue;
        }
        if (D.Code == "cgo-invalid-flag") {
          PredictedFlagMessages.push_back(stripTargets(D.Message));
          continue;
        }
        if (D.Code == "cgo-objc-without-flag")
          ObjCFiles.insert(fs::path(Path).filename().string());
        if (D.Code == "cgo-invalid-directive") {
          PredictedDirective.insert(fs::path(Path).filename().string() + ": " +
                                    stripTargets(D.Message));
          continue;
        }
        // An error in a header is predicted by the related location.
        if (D.InHeader) {
          const Location &H = *D.InHeader;
          std::ifstream HIn(H.File);
          std::stringstream SS;
          SS << HIn.rdbuf();
          LineTable HT(SS.str());
          Predicted.insert(
              {fs::path(H.File).filename().string(),
               static_cast<unsigned>(HT.lineCol(H.Begin).Line + 1)});
          continue;
        }
        Predicted.insert(
            {fs::path(Path).filename().string(),
             static_cast<unsigned>(LT.lineCol(D.Where.Begin).Line + 1)});
      }
    }
  // Objective-C compiled as C: clang cascades, cgols says it once, at the
  // first error of the file.
  for (const std::string &F : ObjCFiles) {
    bool Seen = false;
    for (auto It = BuildErrors.begin(); It != BuildErrors.end();) {
      if (It->File == F && Seen) {
        It = BuildErrors.erase(It);
        continue;
      }
      Seen = Seen || It->File == F;
      ++It;
    }
  }
  // go build names the first bad #cgo flag; cgols must have said it (its
  // message holds the go command's, after what to do), and must say
  // none when the build accepted the flags.
  for (const std::string &Msg : BuildFlagErrors) {
    bool Found = false;
    for (const std::string &P : PredictedFlagMessages)
      Found = Found || P.find(Msg) != std::string::npos;
    EXPECT_TRUE(Found) << "not predicted: " << Msg << "\n" << Clang.Stderr;
  }
  EXPECT_EQ(PredictedFlagMessages.empty(), BuildFlagErrors.empty())
      << Clang.Stderr;
  // The linker's duplicate symbols and missing libraries.
  EXPECT_EQ(PredictedSymbols, BuildSymbols) << Clang.Stderr;
  EXPECT_EQ(PredictedLibs, BuildLibs) << Clang.Stderr;
  EXPECT_EQ(PredictedUndefined, BuildUndefined) << Clang.Stderr;

  // cmd/cgo stops at the first file whose preamble fails, so the build
  // shows the errors of one file. In every file the build reported on,
  // cgols must predict exactly its errors; errors cgols predicts in other
  // files are allowed only when the build failed (each such file has a case
  // of its own where it is the one that fails).
  std::set<std::string> BuildFiles;
  for (const Key &K : BuildErrors)
    BuildFiles.insert(K.File);
  std::set<Key> PredictedInBuildFiles;
  for (const Key &K : Predicted)
    if (BuildFiles.count(K.File))
      PredictedInBuildFiles.insert(K);
  EXPECT_EQ(show(PredictedInBuildFiles), show(BuildErrors))
      << "cgols predicted" << show(Predicted) << " but the build reported"
      << show(BuildErrors) << "\n--- go build (CC=clang-16) ---\n"
      << Clang.Stderr;
  if (!BuildErrors.empty() || Clang.Ok) {
    EXPECT_EQ(Predicted.empty(), BuildErrors.empty());
  }
  // go/build stops at the first bad #cgo line; cgols reports each, so the
  // build's must be among cgols's, and cgols must report none on a package
  // whose #cgo lines the build accepted.
  for (const std::string &E : BuildDirectiveErrors)
    EXPECT_TRUE(PredictedDirective.count(E)) << "not predicted: " << E << "\n"
                                             << Clang.Stderr;
  if (BuildDirectiveErrors.empty()) {
    EXPECT_TRUE(PredictedDirective.empty());
  }
  // The Go side: the same lines, and each of cgols's messages there holds
  // the compiler's (with its have/want lines).
  {
    std::set<Key> BuildKeys, PredictedKeys;
    for (const auto &[K, V] : BuildGoErrors)
      BuildKeys.insert(K);
    for (const auto &[K, V] : PredictedGo)
      PredictedKeys.insert(K);
    EXPECT_EQ(show(PredictedKeys), show(BuildKeys)) << Clang.Stderr;
    for (const auto &[K, Msgs] : BuildGoErrors) {
      auto It = PredictedGo.find(K);
      if (It == PredictedGo.end())
        continue;
      for (const std::string &Msg : Msgs) {
        bool Found = false;
        for (const std::string &P : It->second)
          Found = Found || P.find(Msg) != std::string::npos;
        EXPECT_TRUE(Found) << K.File << ":" << K.Line << ": go build says\n"
                           << Msg << "\ncgols says\n"
                           << It->second.front();
      }
    }
  }
  // The link of a program is said once per package and library (its
  // errors), and a program that links has no link warning in any of its
  // packages: what one imports, another links.
  // "count CODE: N": how many diagnostics of a code, in every package.
  for (const auto &[K, V] : Expect)
    if (llvm::StringRef(K).starts_with("count ")) {
      EXPECT_EQ(std::to_string(CodeCounts[K.substr(6)]), V) << K;
    }
  if (Expect.count("link-errors")) {
    EXPECT_EQ(std::to_string(LinkErrors), Expect["link-errors"]);
  }
  if (Clang.Ok) {
    EXPECT_TRUE(LinkWarnings.empty()) << LinkWarnings.front();
    EXPECT_TRUE(Predicted.empty() && PredictedDirective.empty() &&
                PredictedSymbols.empty() && PredictedLibs.empty() &&
                PredictedUndefined.empty() && PredictedFlagMessages.empty());
  }
  fs::remove_all(Dir);
}

INSTANTIATE_TEST_SUITE_P(Cases, GoBuild, ::testing::ValuesIn(caseNames()),
                         [](const ::testing::TestParamInfo<std::string> &I) {
                           return I.param;
                         });

} // namespace
