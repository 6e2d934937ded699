//===- HeaderIndexTests.cpp - Which header declares a name, and when ------===//
//
// The index behind the "Add #include" fixes: built on the first lookup
// (cgols check), or in the background with a quick index of the standard
// headers meanwhile (the server), and kept on disk across starts while the
// headers are the same.
//
//===----------------------------------------------------------------------===//
#include "cunit/HeaderIndex.h"

#include "llvm/Support/VirtualFileSystem.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace cgols;

namespace {

/// A copy of the test sysroot and a cache directory, both the test's own.
struct Scratch {
  fs::path Root, Sysroot, Cache;
  Scratch() {
    Root = fs::temp_directory_path() /
           ("cgols-headerindex-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(Root);
    Sysroot = Root / "sysroot";
    Cache = Root / "cache";
    fs::create_directories(Sysroot);
    fs::copy(CGOLS_TEST_FIXTURES "/linux-sysroot", Sysroot,
             fs::copy_options::recursive);
  }
  ~Scratch() { fs::remove_all(Root); }
  CompileRequest base() const {
    CompileRequest R;
    R.GoFilePath = (Root / "p/a.go").string();
    R.T = *parseTarget("linux/amd64");
    R.Sysroot = Sysroot.string();
    R.ResourceDir = CGOLS_CLANG_RESOURCE_DIR;
    return R;
  }
};

auto realFS() { return llvm::vfs::getRealFileSystem(); }

TEST(HeaderIndex, BuiltOnceThenReadFromDiskWhileTheHeadersAreTheSame) {
  Scratch S;
  {
    HeaderIndex I;
    I.setCacheDirectory(S.Cache.string());
    EXPECT_EQ(I.headersDeclaring("free", S.base(), realFS()),
              std::vector<std::string>{"stdlib.h"});
    EXPECT_EQ(I.headersDeclaring("gnu_only", S.base(), realFS()),
              std::vector<std::string>{"gnu-only.h"});
    EXPECT_EQ(I.counts().Builds, 1u);
    EXPECT_EQ(I.counts().DiskLoads, 0u);
  }
  {
    // A new start: the same answers, read, not compiled.
    HeaderIndex I;
    I.setCacheDirectory(S.Cache.string());
    EXPECT_EQ(I.headersDeclaring("gnu_only", S.base(), realFS()),
              std::vector<std::string>{"gnu-only.h"});
    EXPECT_EQ(I.counts().DiskLoads, 1u);
    EXPECT_EQ(I.counts().Builds, 0u);
  }
  // A header changes (an update of the C library): built again.
  std::ofstream(S.Sysroot / "usr/include/gnu-only.h", std::ios::app)
      << "int gnu_newer(void);\n";
  HeaderIndex I;
  I.setCacheDirectory(S.Cache.string());
  EXPECT_EQ(I.headersDeclaring("gnu_newer", S.base(), realFS()),
            std::vector<std::string>{"gnu-only.h"});
  EXPECT_EQ(I.counts().DiskLoads, 0u);
  EXPECT_EQ(I.counts().Builds, 1u);
}

TEST(HeaderIndex, ADamagedCacheFileIsBuiltAgain) {
  Scratch S;
  {
    HeaderIndex I;
    I.setCacheDirectory(S.Cache.string());
    I.headersDeclaring("free", S.base(), realFS());
  }
  ASSERT_FALSE(fs::is_empty(S.Cache));
  for (const auto &E : fs::directory_iterator(S.Cache)) {
    // The header line kept, the body cut into a line without a header.
    std::ifstream In(E.path());
    std::string Magic, Stamp;
    std::getline(In, Magic);
    std::getline(In, Stamp);
    std::ofstream(E.path()) << Magic << "\n" << Stamp << "\nfree\n";
  }
  HeaderIndex I;
  I.setCacheDirectory(S.Cache.string());
  EXPECT_EQ(I.headersDeclaring("free", S.base(), realFS()),
            std::vector<std::string>{"stdlib.h"});
  EXPECT_EQ(I.counts().DiskLoads, 0u);
  EXPECT_EQ(I.counts().Builds, 1u);
}

TEST(HeaderIndex, InTheBackgroundTheQuickIndexAnswersUntilTheFullOneIsBuilt) {
  Scratch S;
  std::vector<std::function<void()>> Jobs;
  bool Ready = false;
  HeaderIndex I;
  I.setCacheDirectory(S.Cache.string());
  HeaderIndex::Hooks H;
  H.Run = [&](std::function<void()> Job) { Jobs.push_back(std::move(Job)); };
  H.Ready = [&] { Ready = true; };
  I.setHooks(H);
  // The first lookup, before any build: the standard headers answer.
  EXPECT_EQ(I.headersDeclaring("free", S.base(), realFS()),
            std::vector<std::string>{"stdlib.h"});
  EXPECT_EQ(I.headersDeclaring("strlen", S.base(), realFS()),
            std::vector<std::string>{"string.h"});
  // gnu-only.h is not one of them: nothing yet.
  EXPECT_EQ(I.headersDeclaring("gnu_only", S.base(), realFS()),
            std::vector<std::string>{});
  EXPECT_EQ(I.counts().QuickBuilds, 1u);
  EXPECT_EQ(I.counts().Builds, 0u);
  EXPECT_TRUE(Jobs.empty()) << "a lookup never starts the full build";

  I.prepare(S.base(), realFS());
  ASSERT_EQ(Jobs.size(), 1u);
  Jobs[0]();
  EXPECT_TRUE(Ready);
  EXPECT_EQ(I.headersDeclaring("gnu_only", S.base(), realFS()),
            std::vector<std::string>{"gnu-only.h"});

  // The next start has the full index at once, from disk: no quick build,
  // no background build.
  HeaderIndex Next;
  Next.setCacheDirectory(S.Cache.string());
  std::vector<std::function<void()>> NextJobs;
  HeaderIndex::Hooks NH;
  NH.Run = [&](std::function<void()> Job) {
    NextJobs.push_back(std::move(Job));
  };
  Next.setHooks(NH);
  EXPECT_EQ(Next.headersDeclaring("gnu_only", S.base(), realFS()),
            std::vector<std::string>{"gnu-only.h"});
  Next.prepare(S.base(), realFS());
  EXPECT_TRUE(NextJobs.empty());
  EXPECT_EQ(Next.counts().DiskLoads, 1u);
  EXPECT_EQ(Next.counts().QuickBuilds, 0u);
}

TEST(HeaderIndex, WithoutACacheDirectoryNothingIsWritten) {
  Scratch S;
  HeaderIndex I;
  EXPECT_EQ(I.headersDeclaring("free", S.base(), realFS()),
            std::vector<std::string>{"stdlib.h"});
  EXPECT_FALSE(fs::exists(S.Cache));
}

} // namespace
