//===- SettingsTests.cpp - Checks and fixes on settings.json texts --------===//
#include "jsonc/Jsonc.h"
#include "settings/Settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

} // namespace
