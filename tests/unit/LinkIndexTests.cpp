//===- LinkIndexTests.cpp - The link check's symbol index -----------------===//
//
// Over the fake SDK's hand-written TBD v4 stubs (tests/fixtures/sdk) and over
// linker scripts and ELF objects made in memory.
//
//===----------------------------------------------------------------------===//
#include "gobuild/Target.h"
#include "link/LinkIndex.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace cgols;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

const std::string SDK = CGOLS_TEST_FIXTURES "/sdk/MacOSX.sdk";

std::vector<std::string> providerNames(const LinkIndex &I,
                                       llvm::StringRef Sym) {
  std::vector<std::string> Out;
  for (unsigned L : I.providers(Sym))
    if (auto K = I.linkableFor(L))
      Out.push_back(I.library(*K).flag());
  return Out;
}

LinkIndex darwin(llvm::StringRef Arch = "arm64",
                 llvm::StringRef Deployment = "11.0") {
  auto FS = llvm::vfs::getRealFileSystem();
  return LinkIndex::loadDarwinSDK(*FS, SDK, Arch, Deployment);
}

TEST(LinkIndex, ObjectiveCClassesAndFunctionsByFramework) {
  LinkIndex I = darwin();
  EXPECT_THAT(providerNames(I, "_OBJC_CLASS_$_NSAlert"),
              ElementsAre("-framework AppKit"));
  EXPECT_THAT(providerNames(I, "_OBJC_METACLASS_$_NSAlert"),
              ElementsAre("-framework AppKit"));
  EXPECT_THAT(providerNames(I, "_CFRelease"),
              ElementsAre("-framework CoreFoundation"));
  EXPECT_THAT(providerNames(I, "_deflate"), ElementsAre("-lz"));
  EXPECT_THAT(providerNames(I, "_NoSuchSymbol"), IsEmpty());
}

TEST(LinkIndex, SymbolsOfOtherArchitecturesAreLeftOut) {
  EXPECT_THAT(providerNames(darwin("arm64"), "_NSArm64Only"),
              ElementsAre("-framework AppKit"));
  EXPECT_THAT(providerNames(darwin("x86_64", "10.13"), "_NSArm64Only"),
              IsEmpty());
}

TEST(LinkIndex, LdHideAppliesToItsDeploymentTargetOnly) {
  EXPECT_THAT(providerNames(darwin("arm64", "11.0"), "_NSOldBeep"), IsEmpty());
  EXPECT_THAT(providerNames(darwin("arm64", "12"), "_NSOldBeep"),
              ElementsAre("-framework AppKit"));
  // The $ld$ entry itself is not a symbol.
  EXPECT_THAT(
      providerNames(darwin("arm64", "12"), "$ld$hide$os11.0$_NSOldBeep"),
      IsEmpty());
}

TEST(LinkIndex, ReexportsAndInlinedDocuments) {
  LinkIndex I = darwin();
  // UIFoundation is a document inside AppKit.tbd: linked through AppKit.
  EXPECT_THAT(providerNames(I, "_NSStringDrawingThing"),
              ElementsAre("-framework AppKit"));
  // libsystem_c is reached through libSystem only.
  EXPECT_THAT(providerNames(I, "_free"), ElementsAre("-lSystem"));
  auto Cocoa = I.framework("Cocoa");
  auto AppKit = I.framework("AppKit");
  auto CF = I.framework("CoreFoundation");
  ASSERT_TRUE(Cocoa && AppKit && CF);
  std::vector<bool> In = I.closure({*Cocoa});
  EXPECT_TRUE(In[*AppKit]);
  EXPECT_TRUE(In[*CF]); // Cocoa -> Foundation -> CoreFoundation
  std::vector<bool> Only = I.closure({*CF});
  EXPECT_FALSE(Only[*AppKit]);
}

TEST(LinkIndex, FrameworkNamesIgnoreCaseAsMacOSDoes) {
  LinkIndex I = darwin();
  EXPECT_EQ(I.framework("appkit"), I.framework("AppKit"));
  EXPECT_FALSE(I.framework("AppKt"));
  EXPECT_TRUE(I.libraryNamed("z"));
  EXPECT_TRUE(I.libraryNamed("z.1"));
  EXPECT_TRUE(I.libraryNamed("System"));
  EXPECT_FALSE(I.libraryNamed("nope"));
}

TEST(LinkIndex, SerializedIndexAnswersTheSame) {
  LinkIndex I = darwin();
  auto Back = LinkIndex::deserialize(I.serialize());
  ASSERT_TRUE(Back);
  EXPECT_EQ(Back->symbolCount(), I.symbolCount());
  EXPECT_EQ(providerNames(*Back, "_OBJC_CLASS_$_NSAlert"),
            providerNames(I, "_OBJC_CLASS_$_NSAlert"));
  EXPECT_EQ(Back->framework("appkit"), I.framework("AppKit"));
  EXPECT_EQ(Back->serialize(), I.serialize());
  // Not an index, or a damaged one: nothing rather than nonsense.
  EXPECT_FALSE(LinkIndex::deserialize("garbage"));
  std::string Bad = I.serialize();
  Bad += "S\t_x\t9999\n";
  EXPECT_FALSE(LinkIndex::deserialize(Bad));
}

TEST(LinkIndex, LinuxScriptsArchivesAndSharedObjects) {
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  // libc.so as Debian ships it: a script naming the real files.
  FS->addFile("/sys/usr/lib/libc.so", 0,
              llvm::MemoryBuffer::getMemBuffer(
                  "/* GNU ld script */\nOUTPUT_FORMAT(elf64-x86-64)\n"
                  "GROUP ( /sys/lib/libc.so.6 /sys/usr/lib/libc_nonshared.a "
                  " AS_NEEDED ( /sys/lib/ld.so.2 ) )\n"));
  // An archive with a symbol table ("!<arch>", a GNU "/" member).
  std::string Table;
  Table += std::string("\0\0\0\1", 4); // one symbol
  Table += std::string("\0\0\0\0", 4); // its member offset
  Table += std::string("cbrt\0", 5);
  std::string Header = "/               0           0     0     644     ";
  std::string Size = std::to_string(Table.size());
  Header += Size + std::string(10 - Size.size(), ' ') + "`\n";
  std::string Archive = "!<arch>\n" + Header + Table;
  if (Archive.size() % 2)
    Archive += '\n';
  FS->addFile("/sys/usr/lib/libm.a", 0,
              llvm::MemoryBuffer::getMemBufferCopy(Archive));
  ElfLibrary M = readElfLibrary(*FS, "/sys/usr/lib/libm.a");
  ASSERT_TRUE(M.Ok);
  EXPECT_THAT(M.Symbols, ElementsAre("cbrt"));
  ElfLibrary C = readElfLibrary(*FS, "/sys/usr/lib/libc.so");
  ASSERT_TRUE(C.Ok);
  EXPECT_THAT(C.ScriptInputs,
              ElementsAre("/sys/lib/libc.so.6", "/sys/usr/lib/libc_nonshared.a",
                          "/sys/lib/ld.so.2"));
  LinkIndex I = LinkIndex::loadLinux(*FS, {"/sys/usr/lib"}, "x86_64");
  EXPECT_THAT(providerNames(I, "cbrt"), ElementsAre("-lm"));
  EXPECT_TRUE(I.libraryNamed("c"));
  // Binary garbage is no library.
  FS->addFile("/sys/usr/lib/libjunk.so", 0,
              llvm::MemoryBuffer::getMemBufferCopy(std::string("\x7f"
                                                               "ELF\0\0\0",
                                                               7)));
  EXPECT_FALSE(readElfLibrary(*FS, "/sys/usr/lib/libjunk.so").Ok);
  // glibc 2.34's libdl.a: an archive with no member, which -ldl links.
  FS->addFile("/sys/usr/lib/libdl.a", 0,
              llvm::MemoryBuffer::getMemBufferCopy("!<arch>\n"));
  ElfLibrary Empty = readElfLibrary(*FS, "/sys/usr/lib/libdl.a");
  EXPECT_TRUE(Empty.Ok);
  EXPECT_TRUE(Empty.Symbols.empty());
  EXPECT_TRUE(
      LinkIndex::loadLinux(*FS, {"/sys/usr/lib"}, "x86_64").libraryNamed("dl"));
}

TEST(LinkIndex, TheDriversSearchDirectoriesAreReadFromItsOwnWords) {
  // gcc 12 on Debian 12, as `gcc -print-search-dirs` prints it.
  const char *Gcc =
      "install: /usr/lib/gcc/x86_64-linux-gnu/12/\n"
      "programs: =/usr/libexec/gcc/x86_64-linux-gnu/12/:/usr/bin/\n"
      "libraries: =/usr/lib/gcc/x86_64-linux-gnu/12/:"
      "/usr/lib/gcc/x86_64-linux-gnu/12/../../../x86_64-linux-gnu/:"
      "/lib/x86_64-linux-gnu/:/usr/lib/x86_64-linux-gnu/:relative/dir:"
      "/usr/lib/../lib/\n";
  EXPECT_THAT(parseLibrarySearchDirs(Gcc),
              ElementsAre("/usr/lib/gcc/x86_64-linux-gnu/12",
                          "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
                          "/usr/lib"));
  // clang-16 prints no '=' and no trailing '/'.
  EXPECT_THAT(parseLibrarySearchDirs(
                  "programs: =/usr/bin\nlibraries: /usr/lib/llvm-16/lib/"
                  "clang/16:/usr/bin/../lib/gcc/x86_64-linux-gnu/12\n"),
              ElementsAre("/usr/lib/llvm-16/lib/clang/16",
                          "/usr/lib/gcc/x86_64-linux-gnu/12"));
  EXPECT_TRUE(parseLibrarySearchDirs("gcc: error: no input files").empty());
}

TEST(LinkIndex, TheDriversDirectoriesComeFirst) {
  // A library only the driver's own directory has is found, and the
  // driver's copy of a name wins over ld's default directories'.
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  auto Script = [&](const std::string &Path, const std::string &Text) {
    FS->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text));
  };
  Script("/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.so",
         "GROUP ( /usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.a )");
  Script("/usr/lib/x86_64-linux-gnu/libz.so", "GROUP ( libz.a )");
  LinkIndexes Ix;
  Target T = *parseTarget("linux/amd64");
  auto Without = Ix.forTarget(T, "", "", "linux", "amd64", *FS);
  ASSERT_TRUE(Without);
  EXPECT_FALSE(Without->libraryNamed("stdc++"));
  auto With = Ix.forTarget(T, "", "", "linux", "amd64", *FS,
                           {"/usr/lib/gcc/x86_64-linux-gnu/12"});
  ASSERT_TRUE(With);
  EXPECT_TRUE(With->libraryNamed("stdc++"));
  EXPECT_TRUE(With->libraryNamed("z"));
}

TEST(LinkIndex, LinuxDirectoriesFollowMultiarch) {
  EXPECT_THAT(
      linuxLibraryDirs("", "amd64"),
      ::testing::IsSupersetOf({"/usr/lib/x86_64-linux-gnu", "/usr/lib"}));
  EXPECT_THAT(linuxLibraryDirs("/sr", "arm64"),
              ::testing::Contains("/sr/usr/lib/aarch64-linux-gnu"));
}

TEST(LinkIndex, DiskCacheIsUsedAndKeyedByTheSDK) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("cgols-link", Dir));
  auto FS = llvm::vfs::getRealFileSystem();
  Target T = *parseTarget("darwin/arm64");
  {
    LinkIndexes A{std::string(Dir)};
    auto I = A.forTarget(T, SDK, "", "linux", "amd64", *FS);
    ASSERT_TRUE(I);
    EXPECT_EQ(A.builds(), 1u);
    EXPECT_EQ(A.diskLoads(), 0u);
    // Once per session.
    EXPECT_EQ(A.forTarget(T, SDK, "", "linux", "amd64", *FS), I);
  }
  LinkIndexes B{std::string(Dir)};
  auto I = B.forTarget(T, SDK, "", "linux", "amd64", *FS);
  ASSERT_TRUE(I);
  EXPECT_EQ(B.diskLoads(), 1u);
  EXPECT_EQ(B.builds(), 0u);
  EXPECT_THAT(providerNames(*I, "_OBJC_CLASS_$_NSAlert"),
              ElementsAre("-framework AppKit"));
  // No SDK, or linux for another machine: no index.
  EXPECT_FALSE(B.forTarget(T, "", "", "linux", "amd64", *FS));
  EXPECT_FALSE(
      B.forTarget(*parseTarget("linux/arm64"), SDK, "", "linux", "amd64", *FS));
  llvm::sys::fs::remove_directories(Dir);
}

// Did you mean: a slip of the keyboard, never another framework.
TEST(LinkIndex, ASuggestionIsASlipNeverAnotherFramework) {
  EXPECT_TRUE(isLikelyTypoOf("appkit", "AppKit"));          // case
  EXPECT_TRUE(isLikelyTypoOf("AppKt", "AppKit"));           // a letter left out
  EXPECT_TRUE(isLikelyTypoOf("Foundationn", "Foundation")); // one too many
  EXPECT_TRUE(isLikelyTypoOf("Cocao", "Cocoa"));           // neighbours swapped
  EXPECT_TRUE(isLikelyTypoOf("Foundetion", "Foundation")); // one letter
  EXPECT_FALSE(isLikelyTypoOf("AVFoundation", "Foundation")); // contains it
  EXPECT_FALSE(isLikelyTypoOf("CoreFoundation", "Foundation"));
  EXPECT_FALSE(isLikelyTypoOf("OpenAL", "OpenGL"));  // a capital differs
  EXPECT_FALSE(isLikelyTypoOf("Metal", "MetalKit")); // three more letters
  EXPECT_FALSE(isLikelyTypoOf("UIKit", "AppKit"));
  EXPECT_FALSE(isLikelyTypoOf("Carbon", "Cocoa"));
  EXPECT_FALSE(isLikelyTypoOf("AGL", "GL"));        // too short to tell
  EXPECT_FALSE(isLikelyTypoOf("AppKit", "AppKit")); // the same
}

} // namespace
