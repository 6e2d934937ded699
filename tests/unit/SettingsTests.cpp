//===- SettingsTests.cpp - Checks and fixes on settings.json texts --------===//
#include "jsonc/Jsonc.h"
#include "settings/Settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace cgols;
using ::testing::HasSubstr;

namespace {

const std::string File = "/ws/.vscode/settings.json";

std::vector<Diagnostic> check(const std::string &Text, bool Cgo = true,
                              const std::string &Path = File) {
  return settings::check({Path, Text, Cgo});
}

const Diagnostic *withCode(const std::vector<Diagnostic> &Ds,
                           const std::string &Code) {
  for (const Diagnostic &D : Ds)
    if (D.Code == Code)
      return &D;
  return nullptr;
}

std::string applied(const std::string &Text, const Fix &F) {
  EXPECT_EQ(F.Edits.size(), 1u);
  const TextEdit &E = F.Edits.front();
  return Text.substr(0, E.Range.Begin) + E.NewText + Text.substr(E.Range.End);
}

std::string at(const std::string &Text, const Diagnostic &D) {
  return Text.substr(D.Where.Begin, D.Where.End - D.Where.Begin);
}

TEST(Settings, GoplsArgsMovesIntoLanguageServerFlagsKeepingComments) {
  std::string T = "{\n"
                  "\t// from a blog post\n"
                  "\t\"go.goplsArgs\": [\"-rpc.trace\", \"-logfile=/tmp/g\"],\n"
                  "\t\"go.languageServerFlags\": [\"-rpc.trace\"], // mine\n"
                  "}\n";
  auto Ds = check(T);
  const Diagnostic *D = withCode(Ds, "settings-not-a-setting");
  ASSERT_TRUE(D);
  EXPECT_EQ(at(T, *D), "\"go.goplsArgs\"");
  EXPECT_THAT(D->Message, HasSubstr("Move this to go.languageServerFlags"));
  ASSERT_EQ(D->Fixes.size(), 1u);
  EXPECT_TRUE(D->Fixes[0].Settings);
  std::string R = applied(T, D->Fixes[0]);
  EXPECT_EQ(R, "{\n"
               "\t// from a blog post\n"
               "\t\"go.languageServerFlags\": [\"-rpc.trace\", "
               "\"-logfile=/tmp/g\"], // mine\n"
               "}\n");
}

TEST(Settings, GoplsEnvMovesIntoToolsEnvVarsKeepingExistingValues) {
  std::string T = "{\n  \"go.goplsEnv\": {\"CGO_ENABLED\": \"1\", \"CC\": "
                  "\"clang\"},\n  \"go.toolsEnvVars\": {\"CC\": \"gcc\"}\n}";
  auto Ds = check(T);
  const Diagnostic *D = withCode(Ds, "settings-not-a-setting");
  ASSERT_TRUE(D);
  ASSERT_EQ(D->Fixes.size(), 1u);
  jsonc::Document Doc = jsonc::parse(applied(T, D->Fixes[0]));
  ASSERT_TRUE(Doc.Root);
  EXPECT_EQ(Doc.Root->toJSON(),
            boost::json::parse(
                R"({"go.toolsEnvVars": {"CC": "gcc", "CGO_ENABLED": "1"}})"));
}

TEST(Settings, UnknownGoplsFlagsAreFoundAndRemoved) {
  std::string T =
      R"({"go.languageServerFlags": ["-rpc.trace", "-logfile", "/tmp/--x", "--no-analyze", "serve", "--debug=localhost:6060", "--skip-install-checks"]})";
  auto Ds = check(T);
  std::vector<std::string> Bad;
  for (const Diagnostic &D : Ds)
    if (D.Code == "settings-unknown-gopls-flag")
      Bad.push_back(at(T, D));
  EXPECT_EQ(Bad, (std::vector<std::string>{"\"--no-analyze\"",
                                           "\"--skip-install-checks\""}));
  const Diagnostic *D = withCode(Ds, "settings-unknown-gopls-flag");
  EXPECT_THAT(D->Message,
              HasSubstr("flag provided but not defined: -no-analyze"));
  EXPECT_EQ(
      applied(T, D->Fixes[0]),
      R"({"go.languageServerFlags": ["-rpc.trace", "-logfile", "/tmp/--x", "serve", "--debug=localhost:6060", "--skip-install-checks"]})");
}

TEST(Settings, CgoDisabledOnlyMattersWithCgoFiles) {
  std::string T = "{\n  \"go.toolsEnvVars\": {\n    \"CGO_ENABLED\": \"0\", "
                  "// why?\n    \"GOFLAGS\": \"-mod=mod\"\n  },\n  \"gopls\": "
                  "{\"build.env\": {\"CGO_ENABLED\": \"0\"}}\n}\n";
  EXPECT_FALSE(withCode(check(T, false), "settings-cgo-disabled"));
  auto Ds = check(T, true);
  int N = 0;
  for (const Diagnostic &D : Ds)
    N += D.Code == "settings-cgo-disabled";
  EXPECT_EQ(N, 2);
  const Diagnostic *D = withCode(Ds, "settings-cgo-disabled");
  EXPECT_EQ(applied(T, D->Fixes[0]),
            "{\n  \"go.toolsEnvVars\": {\n    \"GOFLAGS\": \"-mod=mod\"\n  "
            "},\n  \"gopls\": {\"build.env\": {\"CGO_ENABLED\": \"0\"}}\n}\n");
}

TEST(Settings, WrongTypesAndDisagreeingEnvironments) {
  std::string T = R"({"go.toolsEnvVars": {"CGO_ENABLED": 1, "GOARCH": "arm64"},
 "gopls": {"build.env": {"GOARCH": "amd64"}}})";
  auto Ds = check(T);
  const Diagnostic *W = withCode(Ds, "settings-wrong-type");
  ASSERT_TRUE(W);
  EXPECT_EQ(at(T, *W), "1");
  EXPECT_THAT(applied(T, W->Fixes[0]), HasSubstr("\"CGO_ENABLED\": \"1\""));
  const Diagnostic *M = withCode(Ds, "settings-env-mismatch");
  ASSERT_TRUE(M);
  EXPECT_EQ(at(T, *M), "\"amd64\"");
  EXPECT_THAT(applied(T, M->Fixes[0]),
              HasSubstr("{\"build.env\": {\"GOARCH\": \"arm64\"}}"));
}

TEST(Settings, SyntaxErrorsAreReportedAndNothingIsEdited) {
  std::string T =
      "{\n  \"go.goplsArgs\": [\"-rpc.trace\"],\n  \"x\": nope\n}\n";
  auto Ds = check(T);
  const Diagnostic *S = withCode(Ds, "settings-syntax");
  ASSERT_TRUE(S);
  EXPECT_EQ(at(T, *S), "nope");
  // The misnamed setting is still found, but offers no edit.
  const Diagnostic *D = withCode(Ds, "settings-not-a-setting");
  ASSERT_TRUE(D);
  EXPECT_TRUE(D->Fixes.empty());
  EXPECT_TRUE(withCode(check("not json at all"), "settings-syntax"));
  EXPECT_TRUE(withCode(check("[1, 2]"), "settings-syntax"));
  EXPECT_TRUE(check("").empty());
  EXPECT_TRUE(check("// nothing yet\n").empty());
}

TEST(Settings, DuplicateKeysWarnAtTheIgnoredOne) {
  std::string T = R"({"go.toolsEnvVars": {}, "go.toolsEnvVars": {}})";
  auto Ds = check(T);
  const Diagnostic *D = withCode(Ds, "settings-duplicate-key");
  ASSERT_TRUE(D);
  EXPECT_EQ(D->Where.Begin, 1u);
}

TEST(Settings, WorkspaceFilesAreCheckedUnderSettings) {
  std::string T =
      R"({"folders": [{"path": "."}], "settings": {"go.goplsArgs": ["-v"]}})";
  auto Ds = check(T, true, "/ws/x.code-workspace");
  const Diagnostic *D = withCode(Ds, "settings-not-a-setting");
  ASSERT_TRUE(D);
  EXPECT_THAT(applied(T, D->Fixes[0]),
              HasSubstr(R"("settings": {"go.languageServerFlags": ["-v"]})"));
  EXPECT_TRUE(settings::isSettingsFile("/ws/x.code-workspace"));
  EXPECT_FALSE(settings::isSettingsFile("/ws/settings.json"));
}

TEST(Settings, ExactFlagPatternsEscapeAndMerge) {
  EXPECT_EQ(settings::exactFlagPattern("-Wl,-rpath,$ORIGIN/../lib"),
            "-Wl,-rpath,\\$ORIGIN/\\.\\./lib");
  // A new file: created, both places set.
  auto F = settings::allowFlagFix(File, std::nullopt, "LDFLAGS", "-Wl,-z,now");
  ASSERT_TRUE(F);
  EXPECT_EQ(F->Creates, std::vector<std::string>{File});
  jsonc::Document D = jsonc::parse(applied("", *F));
  ASSERT_TRUE(D.Root);
  EXPECT_EQ(D.Root->toJSON(), boost::json::parse(R"({
    "go.toolsEnvVars": {"CGO_LDFLAGS_ALLOW": "-Wl,-z,now"},
    "gopls": {"build.env": {"CGO_LDFLAGS_ALLOW": "-Wl,-z,now"}}})"));
  // An existing pattern: both stay whole.
  std::string T =
      "{\n  // mine\n  \"go.toolsEnvVars\": {\"CGO_LDFLAGS_ALLOW\": "
      "\"-Wl,--as-needed\"}\n}\n";
  auto G = settings::allowFlagFix(File, T, "LDFLAGS", "-Wl,-z,now");
  ASSERT_TRUE(G);
  EXPECT_TRUE(G->Creates.empty());
  std::string R = applied(T, *G);
  EXPECT_THAT(R, HasSubstr("// mine"));
  EXPECT_THAT(
      R, HasSubstr(
             R"("CGO_LDFLAGS_ALLOW": "^(?:-Wl,--as-needed)$|^-Wl,-z,now$")"));
  // Not JSON: no fix.
  EXPECT_FALSE(settings::allowFlagFix(File, std::string("{oops"), "LDFLAGS",
                                      "-Wl,-z,now"));
}

// Settings files in the styles users write (tabs, CRLF, one line, BOM,
// comments everywhere, trailing commas, a workspace file, empty): every fix
// of every finding, and the "allow this flag" edit, leaves a file that
// reads cleanly, no longer has that finding, and keeps the bytes outside
// its span, so every comment outside it.
TEST(SettingsFiles, EveryFixIsMinimalAndFixesItsFinding) {
  namespace fs = std::filesystem;
  int Files = 0, Edits = 0;
  for (const auto &E :
       fs::directory_iterator(fs::path(CGOLS_TEST_FIXTURES) / "settings")) {
    std::ifstream In(E.path(), std::ios::binary);
    std::string Text((std::istreambuf_iterator<char>(In)),
                     std::istreambuf_iterator<char>());
    std::string Path = E.path().extension() == ".code-workspace"
                           ? "/ws/" + E.path().filename().string()
                           : File;
    ++Files;
    std::vector<std::pair<std::string, Fix>> Fixes; // code, fix
    for (const Diagnostic &D : check(Text, true, Path))
      for (const Fix &F : D.Fixes)
        Fixes.push_back({D.Code, F});
    if (auto F = settings::allowFlagFix(Path, Text, "LDFLAGS",
                                        "-Wl,--build-id=sha1"))
      Fixes.push_back({"", *F});
    for (const auto &[Code, F] : Fixes) {
      ++Edits;
      ASSERT_EQ(F.Edits.size(), 1u);
      const TextEdit &T = F.Edits[0];
      std::string R = applied(Text, F);
      SCOPED_TRACE(E.path().filename().string() + ": " + F.Title + "\n" + R);
      EXPECT_EQ(R.compare(0, T.Range.Begin, Text, 0, T.Range.Begin), 0);
      EXPECT_EQ(R.substr(R.size() - (Text.size() - T.Range.End)),
                Text.substr(T.Range.End));
      jsonc::Document D = jsonc::parse(R);
      EXPECT_TRUE(D.Problems.empty());
      // Comments outside the span are all there.
      for (std::size_t C = Text.find("//"); C != std::string::npos;
           C = Text.find("//", C + 2))
        if (C < T.Range.Begin || C >= T.Range.End) {
          std::string Line = Text.substr(C, Text.find_first_of("\r\n", C) - C);
          EXPECT_NE(R.find(Line), std::string::npos) << Line;
        }
      if (Code.empty())
        continue;
      // The finding is gone (one fewer with that code: a file can have two).
      auto Count = [&](const std::string &X) {
        int N = 0;
        for (const Diagnostic &G : check(X, true, Path))
          N += G.Code == Code;
        return N;
      };
      EXPECT_EQ(Count(R), Count(Text) - 1);
    }
  }
  EXPECT_GE(Files, 7);
  EXPECT_GE(Edits, 12);
  std::printf("settings: %d files, %d fixes applied and checked\n", Files,
              Edits);
}

} // namespace
