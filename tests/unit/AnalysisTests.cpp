//===- AnalysisTests.cpp - Preambles compiled with the fake SDK -----------===//
//
// Hermetic: the workspace is in memory; the headers come from the fake SDK
// and sysroot under tests/fixtures (and Clang's own resource directory).
//
//===----------------------------------------------------------------------===//
#include "TestPackage.h"
#include "pipeline/LibraryVersions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace cgols;
using ::testing::HasSubstr;

namespace {

using Fixture = test::TestPackage;

TEST(Analysis, CleanPreambleHasNoDiagnostics) {
  Fixture F;
  F.file("/ws/a/a.go",
         "package a\n\n// #include <stdlib.h>\n"
         "// #include <stdint.h>\n// static int f(void) { return 1; }\n"
         "import \"C\"\n");
  PackageResult R = F.run();
  EXPECT_TRUE(R.ByFile["/ws/a/a.go"].empty());
  EXPECT_TRUE(R.Notices.empty());
}

TEST(Analysis, ErrorsMapToTheGoFile) {
  Fixture F;
  F.file("/ws/a/a.go",
         "package a\n\n/*\n#include <stdio.h>\n"
         "int f(void) { return strlen(\"x\"); }\n*/\nimport \"C\"\n");
  PackageResult R = F.run();
  const auto &Ds = R.ByFile["/ws/a/a.go"];
  ASSERT_EQ(Ds.size(), 1u);
  EXPECT_EQ(F.at(Ds[0].Where), "5:22");
  EXPECT_EQ(Ds[0].Code, "cgo-preamble-error");
  EXPECT_EQ(Ds[0].ClangFlag, "-Wimplicit-function-declaration");
  EXPECT_THAT(Ds[0].Message, HasSubstr("call to undeclared function 'strlen'"));
  // On both targets: the message does not name them.
  EXPECT_EQ(Ds[0].Targets.size(), 2u);
  EXPECT_THAT(Ds[0].Message, ::testing::Not(HasSubstr("darwin/arm64")));
}

TEST(Analysis, ErrorsAfterAMissingHeaderAreFoldedIntoIt) {
  Fixture F;
  F.file("/ws/a/a.go",
         "package a\n// int f(void) { return before; }\n// #include <nope.h>\n"
         "// int g(void) { return undefined_var; }\n"
         "// uint8_t h(void) { return 1; }\nimport \"C\"\n");
  const auto Ds = F.run().ByFile["/ws/a/a.go"];
  ASSERT_EQ(Ds.size(), 2u);
  // An error before the missing header stays; the two after it are counted.
  EXPECT_EQ(Ds[0].Code, "cgo-preamble-error");
  EXPECT_EQ(F.at(Ds[0].Where), "2:25");
  EXPECT_EQ(Ds[1].Code, "cgo-header-not-found");
  EXPECT_EQ(F.at(Ds[1].Where), "3:13");
  EXPECT_THAT(Ds[1].Message,
              HasSubstr("(and 2 errors that follow from it, not listed until "
                        "the header is found)"));
}

TEST(Analysis, ErrorInHeaderMovesToTheInclude) {
  Fixture F({"darwin/arm64"});
  F.file("/ws/a/a.go", "package a\n// #include <broken.h>\nimport \"C\"\n");
  const auto Ds = F.run().ByFile["/ws/a/a.go"];
  ASSERT_EQ(Ds.size(), 1u);
  EXPECT_EQ(F.at(Ds[0].Where), "2:13");
  EXPECT_THAT(Ds[0].Message, HasSubstr("in included file: use of undeclared "
                                       "identifier 'undeclared_in_header'"));
  ASSERT_EQ(Ds[0].Related.size(), 1u);
  EXPECT_THAT(Ds[0].Related[0].Where.File, HasSubstr("usr/include/broken.h"));
  // The header's place as a field (the CLI prints its line from it).
  ASSERT_TRUE(Ds[0].InHeader);
  EXPECT_TRUE(*Ds[0].InHeader == Ds[0].Related[0].Where);
}

TEST(Analysis, TargetSpecificDiagnosticsNameTheirTargets) {
  Fixture F;
  F.file("/ws/a/a.go", "package a\n// #include <gnu-only.h>\nimport \"C\"\n");
  const auto Ds = F.run().ByFile["/ws/a/a.go"];
  ASSERT_EQ(Ds.size(), 1u);
  EXPECT_EQ(Ds[0].Targets, std::vector<std::string>{"darwin/arm64"});
  EXPECT_THAT(Ds[0].Message, HasSubstr("(darwin/arm64)"));
}

TEST(Analysis, FlagsFromSiblingFilesApply) {
  // -x objective-c in b.go makes a.go's Objective-C preamble compile.
  Fixture F({"darwin/arm64"});
  F.file("/ws/a/a.go", "package a\n// #import <Foundation/Foundation.h>\n"
                       "import \"C\"\n");
  F.file("/ws/a/b.go", "package a\n// #cgo darwin CFLAGS: -x objective-c\n"
                       "import \"C\"\n");
  PackageResult R = F.run();
  EXPECT_TRUE(R.ByFile["/ws/a/a.go"].empty());
  // Without the flag, Clang fails on the Objective-C header.
  Fixture G({"darwin/arm64"});
  G.file("/ws/a/a.go", "package a\n// #import <Foundation/Foundation.h>\n"
                       "import \"C\"\n");
  EXPECT_FALSE(G.run().ByFile["/ws/a/a.go"].empty());
}

TEST(Analysis, ClangFixItsBecomeFixes) {
  Fixture F({"linux/amd64"});
  F.file("/ws/a/a.go",
         "package a\n// int *g(void) { int x = 3; int *p = x; return p; }\n"
         "import \"C\"\n");
  const auto Ds = F.run().ByFile["/ws/a/a.go"];
  ASSERT_EQ(Ds.size(), 1u);
  ASSERT_EQ(Ds[0].Fixes.size(), 1u);
  EXPECT_EQ(Ds[0].Fixes[0].Title, "Insert '&'");
  ASSERT_EQ(Ds[0].Fixes[0].Edits.size(), 1u);
  const auto &E = Ds[0].Fixes[0].Edits[0];
  EXPECT_EQ(E.NewText, "&");
  EXPECT_EQ(F.Texts["/ws/a/a.go"][E.Range.Begin], 'x');
}

TEST(Analysis, MissingSdkIsOneNotice) {
  Fixture F;
  F.O.DarwinSDK = "/no/such/sdk";
  F.file("/ws/a/a.go", "package a\n// #include <stdlib.h>\nimport \"C\"\n");
  F.file("/ws/a/b.go", "package a\n// #include <stdio.h>\nimport \"C\"\n");
  PackageResult R = F.run();
  ASSERT_EQ(R.Notices.size(), 1u);
  EXPECT_EQ(R.Notices[0].Key, "headers-missing:darwin/arm64");
  EXPECT_TRUE(R.ByFile["/ws/a/a.go"].empty());
  EXPECT_TRUE(R.ByFile["/ws/a/b.go"].empty());
}

// What `cgols check` exits 2 on: a target whose cgo code this machine
// cannot check. A compile worker that cannot start leaves its target
// unchecked (besides the cgo-compile-failed warning); no SDK does too, but
// only where there is cgo code to compile; a crash was tried and is not.
TEST(Analysis, TargetsThisMachineCannotCheckAreNamed) {
  Fixture F({"linux/amd64"});
  F.file("/ws/a/a.go", "package a\n\n// #include <stdlib.h>\nimport \"C\"\n");
  F.Compile = [](const CompileRequest &, const std::atomic<bool> *) {
    CompileResult R;
    R.Failure = CompileFailure::NoWorker;
    R.FailureDetail = "exec failed";
    return R;
  };
  PackageResult R = F.run();
  ASSERT_EQ(R.Unchecked.size(), 1u);
  EXPECT_EQ(R.Unchecked[0].Target, "linux/amd64");
  EXPECT_FALSE(R.Unchecked[0].NoHeaders);
  EXPECT_EQ(R.Unchecked[0].Why,
            "the compile worker could not be started (exec failed)");

  F.Compile = [](const CompileRequest &, const std::atomic<bool> *) {
    CompileResult R;
    R.Failure = CompileFailure::Crashed;
    R.FailureDetail = "signal 11";
    return R;
  };
  F.file("/ws/b/b.go", "package b\n\n// #include <stdio.h>\nimport \"C\"\n");
  EXPECT_TRUE(F.run("/ws/b").Unchecked.empty());

  Fixture NoSdk({"darwin/arm64"});
  NoSdk.O.DarwinSDK.clear();
  NoSdk.file("/ws/a/a.go",
             "package a\n\n// #include <stdlib.h>\nimport \"C\"\n");
  NoSdk.file("/ws/e/e.go",
             "package e\n\nimport \"C\"\n\n//export F\nfunc F() {}\n");
  PackageResult N = NoSdk.run();
  ASSERT_EQ(N.Unchecked.size(), 1u);
  EXPECT_TRUE(N.Unchecked[0].NoHeaders);
  EXPECT_TRUE(NoSdk.run("/ws/e").Unchecked.empty()); // nothing to compile
}

TEST(Analysis, DirectiveErrorsStillReportedWithoutSdk) {
  Fixture F({"darwin/arm64"});
  F.O.DarwinSDK = "";
  F.file("/ws/a/a.go", "package a\n// #cgo LDFLAGS -lm\nimport \"C\"\n");
  const auto Ds = F.run().ByFile["/ws/a/a.go"];
  ASSERT_EQ(Ds.size(), 1u);
  EXPECT_EQ(Ds[0].Code, "cgo-invalid-directive");
}

TEST(Analysis, CacheReusesCompiledPreambles) {
  Fixture F({"linux/amd64"});
  F.file("/ws/a/a.go", "package a\n// #include <stdlib.h>\nimport \"C\"\n"
                       "func F() {}\n");
  F.run();
  EXPECT_EQ(F.Cache.misses(), 1u);
  // An edit to the Go code outside the preamble compiles nothing.
  F.file("/ws/a/a.go", "package a\n// #include <stdlib.h>\nimport \"C\"\n"
                       "func F() { _ = 1 }\n");
  F.run();
  EXPECT_EQ(F.Cache.misses(), 1u);
  EXPECT_EQ(F.Cache.hits(), 1u);
}

TEST(Analysis, BrokenInputIsData) {
  Fixture F({"linux/amd64"});
  using namespace std::string_literals;
  std::string Garbage =
      "package a\n/*\n\x00\xff #include <\n*/\nimport \"C\"\n"s;
  F.file("/ws/a/a.go", Garbage);
  F.file("/ws/a/b.go", "not go at all \x01\x02");
  PackageResult R = F.run();
  EXPECT_FALSE(R.ByFile["/ws/a/a.go"].empty());
  EXPECT_TRUE(R.ByFile["/ws/a/b.go"].empty());
}

// The cache key is the preamble and its flags; a local header it includes
// is part of the input too: editing it (on disk or in the editor) or
// creating a missing one must not leave the old diagnostics.
TEST(Analysis, EditedOrCreatedLocalHeadersAreNotServedFromCache) {
  Fixture F({"linux/amd64"});
  F.file("/ws/a/a.go", "package a\n// #include \"foo.h\"\n"
                       "// #include \"later.h\"\nimport \"C\"\n");
  F.file("/ws/a/foo.h", "int broken = ;\n");
  PackageResult R1 = F.run();
  std::string All;
  for (const Diagnostic &D : R1.ByFile["/ws/a/a.go"])
    All += D.Message + "\n";
  EXPECT_THAT(All, HasSubstr("expected expression"));
  EXPECT_THAT(All, HasSubstr("'later.h' file not found"));
  // The headers change; the preamble does not.
  auto Newer = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Newer->addFile("/ws/a/foo.h", 0,
                 llvm::MemoryBuffer::getMemBufferCopy("int fixed = 1;\n"));
  Newer->addFile("/ws/a/later.h", 0,
                 llvm::MemoryBuffer::getMemBufferCopy("int later;\n"));
  F.FS->pushOverlay(Newer);
  PackageResult R2 = F.run();
  EXPECT_TRUE(R2.ByFile["/ws/a/a.go"].empty());
  // Unchanged now: served from the cache.
  std::size_t Misses = F.Cache.misses();
  F.run();
  EXPECT_EQ(F.Cache.misses(), Misses);
}

} // namespace

namespace {

std::shared_ptr<const CompileResult> resultOfBytes(std::size_t N) {
  auto R = std::make_shared<CompileResult>();
  R->DeclaredNames = NameList({std::string(N, 'x')});
  return R;
}

TEST(PreambleCache, BoundedByBytesLeastRecentlyUsedFirst) {
  PreambleCache C(3 * 100000);
  C.put("a", resultOfBytes(90000));
  C.put("b", resultOfBytes(90000));
  C.put("c", resultOfBytes(90000));
  EXPECT_EQ(C.size(), 3u);
  EXPECT_TRUE(C.get("a")); // b is now the least recently used
  C.put("d", resultOfBytes(90000));
  EXPECT_LE(C.bytes(), 3u * 100000);
  EXPECT_TRUE(C.get("a"));
  EXPECT_FALSE(C.get("b"));
  EXPECT_TRUE(C.get("d"));
  // Larger than the whole cache: not kept, and nothing else evicted for it.
  C.put("huge", resultOfBytes(400000));
  EXPECT_FALSE(C.get("huge"));
  EXPECT_EQ(C.size(), 3u);
  // A smaller bound evicts at once; clear lets everything go.
  C.setMaxBytes(100000);
  EXPECT_EQ(C.size(), 1u);
  C.clear();
  EXPECT_EQ(C.size(), 0u);
  EXPECT_EQ(C.bytes(), 0u);
}

} // namespace

namespace {

TEST(NameList, SortedUniqueSearchableAndSmall) {
  NameList L({"puts", "abs", "gtk_window_new", "abs", "gtk_widget_show", ""});
  EXPECT_EQ(L.size(), 5u); // "abs" once; the empty name is a name
  EXPECT_EQ(L.toVector(),
            (std::vector<std::string>{"", "abs", "gtk_widget_show",
                                      "gtk_window_new", "puts"}));
  EXPECT_TRUE(L.contains("puts"));
  EXPECT_TRUE(L.contains(""));
  EXPECT_FALSE(L.contains("put"));
  EXPECT_FALSE(L.contains("putsx"));
  // A prefix range, as completion walks it.
  std::vector<std::string> Gtk;
  for (auto It = L.lowerBound("gtk_");
       It != L.end() && (*It).starts_with("gtk_"); ++It)
    Gtk.push_back((*It).str());
  EXPECT_EQ(Gtk,
            (std::vector<std::string>{"gtk_widget_show", "gtk_window_new"}));
  EXPECT_EQ(L.lowerBound("zzz"), L.end());
  EXPECT_TRUE(NameList().empty());
  // One block: far less than a string object per name.
  std::vector<std::string> Many;
  for (int I = 0; I < 10000; ++I)
    Many.push_back("gtk_name_" + std::to_string(I));
  NameList Big(Many);
  EXPECT_LT(Big.bytes(), Many.size() * sizeof(std::string));
  EXPECT_EQ(Big.toVector().size(), Many.size());
}

TEST(LibraryVersions, ALibrarysPrefixAndItsPackage) {
  EXPECT_EQ(libraryPrefix("gst_id_str_get_type"), "gst_");
  EXPECT_EQ(libraryPrefix("GST_VERSION_MINOR"), "GST_");
  EXPECT_EQ(libraryPrefix("GstIdStr"), "Gst");
  EXPECT_EQ(libraryPrefix("libusb_init_context"), "libusb_");
  EXPECT_EQ(libraryPrefix("_private"), "");
  EXPECT_EQ(libraryPrefix("helper"), "");
  EXPECT_EQ(libraryPrefix("Helper"), "");
  EXPECT_TRUE(packageHasPrefix("gstreamer-1.0", "gst_"));
  EXPECT_TRUE(packageHasPrefix("gstreamer-video-1.0", "Gst"));
  EXPECT_TRUE(packageHasPrefix("libusb-1.0", "libusb_"));
  EXPECT_TRUE(packageHasPrefix("sqlite3", "sqlite3_"));
  EXPECT_TRUE(packageHasPrefix("libgit2", "git_"));
  EXPECT_FALSE(packageHasPrefix("glib-2.0", "gst_"));
  EXPECT_FALSE(packageHasPrefix("x11", "X"));
  EXPECT_EQ(undeclaredNameInMessage("unknown type name 'GstIdStr'"),
            "GstIdStr");
  EXPECT_EQ(undeclaredNameInMessage(
                "call to undeclared function 'gst_x'; ISO C99 and later do "
                "not support implicit function declarations"),
            "gst_x");
  EXPECT_EQ(undeclaredNameInMessage("expected ';' after expression"), "");
}

} // namespace
