//===- ModulesTests.cpp - Import paths to directories, as the go command
//---===//
#include "gobuild/Modules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace cgols;
using ::testing::ElementsAre;
using ::testing::Optional;

namespace {

llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem>
files(std::initializer_list<std::pair<const char *, const char *>> Fs) {
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[P, T] : Fs)
    FS->addFile(P, 0, llvm::MemoryBuffer::getMemBufferCopy(T));
  return FS;
}

TEST(Modules, GoModIsReadAsTheGoCommandWritesIt) {
  GoModFile F = parseGoMod(R"(// a comment
module "example.com/app" // quoted

go 1.21

require example.com/one v1.0.0
require (
	example.com/two v2.3.4 // indirect
	github.com/BurntSushi/toml v1.3.2
)

replace example.com/one => ../one
replace (
	example.com/two v2.3.4 => example.com/fork v2.3.5
	example.com/bad =>
)
)",
                           "/src/app");
  EXPECT_EQ(F.Path, "example.com/app");
  EXPECT_EQ(F.Require.size(), 3u);
  EXPECT_EQ(F.Require["example.com/two"], "v2.3.4");
  EXPECT_EQ(F.Replace["example.com/one"], "/src/one");
  EXPECT_EQ(F.Replace["example.com/two"], "example.com/fork@v2.3.5");
  EXPECT_FALSE(F.Replace.count("example.com/bad"));
}

TEST(Modules, TheModuleCacheSpellsCapitalsWithABang) {
  EXPECT_EQ(escapeModulePath("github.com/BurntSushi/toml"),
            "github.com/!burnt!sushi/toml");
  EXPECT_TRUE(isStandardImport("net/http"));
  EXPECT_TRUE(isStandardImport("C"));
  EXPECT_FALSE(isStandardImport("example.com/x"));
}

TEST(Modules, TheLongestModulePathThatHasTheDirectoryWins) {
  auto FS = files({
      {"/src/app/go.mod", "module example.com/app\nrequire (\n"
                          "example.com/lib v1.0.0\n"
                          "example.com/lib/sub v0.1.0\n)\n"},
      {"/src/app/cmd/tool/main.go", "package main"},
      {"/src/app/internal/c/c.go", "package c"},
      {"/cache/example.com/lib@v1.0.0/go.mod", "module example.com/lib"},
      {"/cache/example.com/lib@v1.0.0/x/x.go", "package x"},
      {"/cache/example.com/lib/sub@v0.1.0/go.mod",
       "module example.com/lib/sub"},
      {"/cache/example.com/lib/sub@v0.1.0/s.go", "package sub"},
  });
  ImportResolver R(FS, "/cache");
  EXPECT_THAT(R.resolve("example.com/app/internal/c", "/src/app/cmd/tool"),
              Optional(std::string("/src/app/internal/c")));
  EXPECT_THAT(R.resolve("example.com/lib/x", "/src/app/cmd/tool"),
              Optional(std::string("/cache/example.com/lib@v1.0.0/x")));
  // A nested module that is required provides its own packages.
  EXPECT_THAT(R.resolve("example.com/lib/sub", "/src/app"),
              Optional(std::string("/cache/example.com/lib/sub@v0.1.0")));
  EXPECT_FALSE(R.resolve("example.com/unknown", "/src/app"));
  EXPECT_FALSE(R.resolve("fmt", "/src/app"));
  EXPECT_THAT(R.importPathOf("/src/app/internal/c"),
              Optional(std::string("example.com/app/internal/c")));
  // Without a module cache, only the module's own packages.
  ImportResolver NoCache(FS, "");
  EXPECT_FALSE(NoCache.resolve("example.com/lib/x", "/src/app"));
}

TEST(Modules, AWorkspaceHasEveryModuleItUses) {
  auto FS = files({
      {"/w/go.work", "go 1.22\nuse (\n\t./app\n\t./lib\n)\n"},
      {"/w/app/go.mod", "module example.com/app\n"},
      {"/w/app/main.go", "package main"},
      {"/w/lib/go.mod", "module example.com/lib\n"},
      {"/w/lib/z/z.go", "package z"},
  });
  ImportResolver R(FS, "/cache");
  EXPECT_THAT(R.resolve("example.com/lib/z", "/w/app"),
              Optional(std::string("/w/lib/z")));
  // GOWORK=off: the module alone.
  ImportResolver Off(FS, "/cache", /*WorkOff=*/true);
  EXPECT_FALSE(Off.resolve("example.com/lib/z", "/w/app"));
}

TEST(Modules, VendorAndLocalReplacementsAreWhereTheCodeIs) {
  auto FS = files({
      {"/v/go.mod", "module example.com/v\nrequire example.com/dep v1.0.0\n"},
      {"/v/vendor/modules.txt", "# example.com/dep v1.0.0\n"},
      {"/v/vendor/example.com/dep/d.go", "package dep"},
      {"/r/go.mod", "module example.com/r\nrequire example.com/dep v1.0.0\n"
                    "replace example.com/dep => ./third_party/dep\n"},
      {"/r/third_party/dep/d.go", "package dep"},
  });
  ImportResolver R(FS, "/cache");
  EXPECT_THAT(R.resolve("example.com/dep", "/v"),
              Optional(std::string("/v/vendor/example.com/dep")));
  EXPECT_THAT(R.resolve("example.com/dep", "/r"),
              Optional(std::string("/r/third_party/dep")));
}

TEST(Modules, WithoutAModuleTheSrcDirectoryIsTheGopath) {
  auto FS = files({
      {"/usr/share/gocode/src/github.com/a/gtk/gtk.go", "package gtk"},
      {"/usr/share/gocode/src/github.com/a/glib/glib.go", "package glib"},
  });
  ImportResolver R(FS, "");
  EXPECT_THAT(
      R.resolve("github.com/a/glib", "/usr/share/gocode/src/github.com/a/gtk"),
      Optional(std::string("/usr/share/gocode/src/github.com/a/glib")));
  EXPECT_THAT(R.importPathOf("/usr/share/gocode/src/github.com/a/gtk"),
              Optional(std::string("github.com/a/gtk")));
  EXPECT_FALSE(R.resolve("github.com/a/none", "/elsewhere/x"));
  // GOPATH's other entries, after the package's own src.
  ImportResolver List(FS, "", false, {"/home/u/go", "/usr/share/gocode"});
  EXPECT_THAT(List.resolve("github.com/a/glib", "/home/u/work/src/app"),
              Optional(std::string("/usr/share/gocode/src/github.com/a/glib")));
}

TEST(Modules, GoWorkUsesAreAbsolute) {
  std::map<std::string, std::string> Replace;
  EXPECT_THAT(parseGoWork("use ./a\nuse (\n ../b // c\n)\n"
                          "replace x.com/y => ./y\n",
                          "/w", Replace),
              ElementsAre("/w/a", "/b"));
  EXPECT_EQ(Replace["x.com/y"], "/w/y");
}

} // namespace
