//===- DoctorTests.cpp - The doctor's findings for recorded machines ------===//
//
// Each scenario is a machine as the probes would record it (M1 native, M1
// with an x86_64 Go, an Intel Mac, no Command Line Tools, the Xcode 15
// linker with Go 1.21, Linux with gcc, Linux without a C compiler, CC set to
// a cross gcc, CGO_ENABLED=0), and the codes the doctor must find.
//
//===----------------------------------------------------------------------===//
#include "doctor/Doctor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <set>

using namespace cgols::doctor;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

namespace {

MachineFacts m1() {
  MachineFacts F;
  F.HostOS = "darwin";
  F.HostArch = "arm64";
  F.Arm64Hardware = true;
  F.Go = {"/opt/homebrew/bin/go", {"arm64"}};
  F.GoEnv = {{"GOVERSION", "go1.22.5"}, {"GOOS", "darwin"},
             {"GOARCH", "arm64"},       {"GOHOSTARCH", "arm64"},
             {"CGO_ENABLED", "1"},      {"CC", "clang"}};
  F.Gopls = {"/Users/u/go/bin/gopls", {"arm64"}};
  F.CCName = "clang";
  F.CC = {"/usr/bin/clang", {"arm64", "amd64"}};
  F.CCVersion = "Apple clang version 15.0.0 (clang-1500.3.9.4)";
  F.CCMachine = "arm64-apple-darwin23.5.0";
  F.XcodeSelectOk = true;
  F.XcodeSelect = "/Library/Developer/CommandLineTools";
  F.SdkPath = "/Library/Developer/CommandLineTools/SDKs/MacOSX.sdk";
  F.SdkHasLibSystem = true;
  F.LdVersion = "@(#)PROGRAM:ld  PROJECT:ld-1053.12";
  F.BrewArm64 = true;
  return F;
}

MachineFacts linuxGcc() {
  MachineFacts F;
  F.HostOS = "linux";
  F.HostArch = "amd64";
  F.Go = {"/usr/bin/go", {"amd64"}};
  F.GoEnv = {{"GOVERSION", "go1.19.8"}, {"GOOS", "linux"},
             {"GOARCH", "amd64"},       {"GOHOSTARCH", "amd64"},
             {"CGO_ENABLED", "1"},      {"CC", "gcc"}};
  F.Gopls = {"/home/u/go/bin/gopls", {"amd64"}};
  F.CCName = "gcc";
  F.CC = {"/usr/bin/gcc", {"amd64"}};
  F.CCVersion = "gcc (Debian 12.2.0-14) 12.2.0";
  F.CCMachine = "x86_64-linux-gnu";
  return F;
}

std::vector<std::string> problems(const MachineFacts &F) {
  std::vector<std::string> Codes;
  for (const Finding &X : evaluate(F))
    if (X.V != Verdict::Ok)
      Codes.push_back(X.Code);
  return Codes;
}

const Finding *find(const std::vector<Finding> &Fs, const std::string &Code) {
  for (const Finding &F : Fs)
    if (F.Code == Code)
      return &F;
  return nullptr;
}

TEST(Doctor, M1NativeIsHealthy) {
  EXPECT_TRUE(problems(m1()).empty());
  std::string T = renderText(evaluate(m1()), false);
  EXPECT_THAT(T, HasSubstr("[✓] Go: go1.22.5 darwin/arm64"));
  EXPECT_THAT(T, HasSubstr("No issues found"));
}

TEST(Doctor, M1WithAnX86GoUnderRosetta) {
  MachineFacts F = m1();
  F.Go = {"/usr/local/go/bin/go", {"amd64"}};
  F.GoEnv["GOARCH"] = F.GoEnv["GOHOSTARCH"] = "amd64";
  F.NativeGoCandidate = "/opt/homebrew/bin/go";
  F.Gopls.Archs = {"amd64"};
  auto Fs = evaluate(F);
  EXPECT_THAT(problems(F),
              UnorderedElementsAreArray(
                  {"env-go-arch", "env-cc-arch", "env-gopls-arch"}));
  const Finding *G = find(Fs, "env-go-arch");
  ASSERT_TRUE(G);
  ASSERT_EQ(G->SetSettings.size(), 1u);
  EXPECT_EQ(G->SetSettings[0].first,
            (std::vector<std::string>{"go.alternateTools", "go"}));
  EXPECT_EQ(G->SetSettings[0].second, "/opt/homebrew/bin/go");
}

TEST(Doctor, EditorUnderRosetta) {
  MachineFacts F = m1();
  F.Translated = true;
  F.HostArch = "amd64";
  EXPECT_THAT(problems(F), UnorderedElementsAreArray({"env-rosetta"}));
}

TEST(Doctor, IntelMacWithHomebrewInUsrLocal) {
  MachineFacts F = m1();
  F.Arm64Hardware = false;
  F.HostArch = "amd64";
  F.Go = {"/usr/local/bin/go", {"amd64"}};
  F.GoEnv["GOARCH"] = F.GoEnv["GOHOSTARCH"] = "amd64";
  F.Gopls.Archs = {"amd64"};
  F.CCMachine = "x86_64-apple-darwin23.5.0";
  F.BrewArm64 = false;
  F.BrewX86 = true;
  EXPECT_TRUE(problems(F).empty()); // /usr/local is right on Intel
}

TEST(Doctor, NoCommandLineTools) {
  MachineFacts F = m1();
  F.XcodeSelectOk = false;
  F.XcodeSelect = "xcode-select: error: invalid developer directory";
  F.CC = {};
  F.CCVersion = F.CCMachine = "";
  F.SdkPath = "";
  auto Fs = evaluate(F);
  EXPECT_THAT(problems(F), UnorderedElementsAreArray(
                               {"env-cc-missing", "env-xcode-missing"}));
  EXPECT_EQ(find(Fs, "env-xcode-missing")->Command, "xcode-select --install");
}

TEST(Doctor, Xcode15LinkerWithGo121) {
  MachineFacts F = m1();
  F.GoEnv["GOVERSION"] = "go1.21.0";
  EXPECT_THAT(problems(F), UnorderedElementsAreArray({"env-xcode15-linker"}));
  F.LdVersion = "@(#)PROGRAM:ld  PROJECT:ld64-820.1"; // Xcode 14's ld64
  EXPECT_TRUE(problems(F).empty());
}

// `ld -v`'s first line as real Macs print it, quoted in public reports:
// Xcode Command Line Tools 15.0 and 14.3.1 (mesonbuild/meson#12282,
// 2023-09-22), Xcode 15.0 beta 3 (mesonbuild/meson#11958). Xcode 15.0's new
// linker says "dyld-", not "ld-": a hand-written "PROJECT:ld-1053.12" alone
// had hidden that the doctor missed it.
TEST(Doctor, LinkerVersionsAsRealMacsPrintThem) {
  MachineFacts F = m1();
  F.GoEnv["GOVERSION"] = "go1.21.0";
  for (const char *New : {"@(#)PROGRAM:ld  PROJECT:dyld-1015.7",
                          "@(#)PROGRAM:ld  PROJECT:dyld-1009.5"}) {
    F.LdVersion = New;
    EXPECT_THAT(problems(F), UnorderedElementsAreArray({"env-xcode15-linker"}))
        << New;
  }
  F.LdVersion = "@(#)PROGRAM:ld  PROJECT:ld64-857.1";
  EXPECT_TRUE(problems(F).empty());
  F.LdVersion = "@(#)PROGRAM:ld  PROJECT:dyld-1015.7";
  F.GoEnv["GOVERSION"] = "go1.22.0";
  EXPECT_TRUE(problems(F).empty());
}

TEST(Doctor, LinuxWithGccIsHealthy) {
  EXPECT_TRUE(problems(linuxGcc()).empty());
}

TEST(Doctor, LinuxWithoutACCompiler) {
  MachineFacts F = linuxGcc();
  F.CC = {};
  F.GoEnv["CGO_ENABLED"] = "0"; // Go 1.20+ turns cgo off then
  auto Fs = evaluate(F);
  EXPECT_THAT(problems(F), UnorderedElementsAreArray(
                               {"env-cgo-disabled", "env-cc-missing"}));
  const Finding *C = find(Fs, "env-cgo-disabled");
  EXPECT_THAT(C->Detail, HasSubstr("No C compiler was found"));
  EXPECT_TRUE(C->SetSettings.empty()); // installing gcc is the fix
  EXPECT_EQ(find(Fs, "env-cc-missing")->Command, "sudo apt install gcc");
}

TEST(Doctor, CCSetToACrossGcc) {
  MachineFacts F = m1();
  F.CCName = "x86_64-apple-darwin13.4.0-clang";
  F.CC = {"/opt/anaconda3/bin/x86_64-apple-darwin13.4.0-gcc", {"amd64"}};
  F.CCVersion = "x86_64-apple-darwin13.4.0-gcc (GCC) 12.3.0";
  F.CCMachine = "x86_64-apple-darwin13.4.0";
  auto Fs = evaluate(F);
  EXPECT_THAT(problems(F),
              UnorderedElementsAreArray({"env-cc-arch", "env-cc-not-clang"}));
  const Finding *C = find(Fs, "env-cc-arch");
  ASSERT_EQ(C->SetSettings.size(), 2u);
  EXPECT_EQ(C->SetSettings[0].second, "clang");
}

TEST(Doctor, CgoDisabledInTheEditorsEnvironment) {
  MachineFacts F = linuxGcc();
  F.GoEnv["CGO_ENABLED"] = "0";
  F.Env["CGO_ENABLED"] = "0";
  auto Fs = evaluate(F);
  EXPECT_THAT(problems(F), UnorderedElementsAreArray({"env-cgo-disabled"}));
  const Finding *C = find(Fs, "env-cgo-disabled");
  ASSERT_EQ(C->SetSettings.size(), 2u);
  EXPECT_EQ(C->SetSettings[0].first,
            (std::vector<std::string>{"go.toolsEnvVars", "CGO_ENABLED"}));
  EXPECT_EQ(C->Command, ""); // not from the go env file
  std::string T = renderText(Fs, true);
  EXPECT_THAT(T, HasSubstr("[✗] Go"));
  EXPECT_THAT(T, HasSubstr("Doctor found issues in 1 category."));
}

TEST(Doctor, PkgConfigAndItsPackages) {
  MachineFacts F = linuxGcc();
  F.PkgConfigAsked = {"gtk+-3.0", "libusb-1.0"};
  EXPECT_THAT(problems(F),
              UnorderedElementsAreArray({"env-pkg-config-missing"}));
  F.PkgConfig = {"/usr/bin/pkg-config", {"amd64"}};
  F.PkgConfigMissing = {"libusb-1.0"};
  EXPECT_THAT(problems(F),
              UnorderedElementsAreArray({"env-pkg-config-package"}));
  EXPECT_EQ(find(evaluate(F), "env-pkg-config-package")->Command,
            "apt search --names-only 'libusb-1.0.*-dev'");
  // On a Mac: a pkg-config module is not a formula (gtk+-3.0 is Homebrew's
  // gtk+3, sqlite3 its sqlite), so the fix searches for the name's stem;
  // pkg-config itself is the formula pkgconf.
  MachineFacts M = m1();
  M.PkgConfigAsked = {"gtk+-3.0"};
  EXPECT_EQ(find(evaluate(M), "env-pkg-config-missing")->Command,
            "brew install pkgconf");
  M.PkgConfig = {"/opt/homebrew/bin/pkg-config", {"arm64"}};
  for (auto [Module, Search] :
       {std::pair<const char *, const char *>{"gtk+-3.0", "brew search gtk"},
        {"sqlite3", "brew search sqlite"},
        {"libusb-1.0", "brew search libusb"},
        {"x11", "brew search x11"},
        {"glib-2.0", "brew search glib"}}) {
    M.PkgConfigMissing = {Module};
    EXPECT_EQ(find(evaluate(M), "env-pkg-config-package")->Command, Search)
        << Module;
  }
}

TEST(Doctor, UntrustedRunsNothingAndSaysSo) {
  MachineFacts F;
  F.Trusted = false;
  EXPECT_THAT(problems(F), UnorderedElementsAreArray({"env-untrusted"}));
}

TEST(Doctor, EveryCodeIsDocumented) {
  std::set<std::string> Documented;
  for (const auto &D : codeDocs())
    Documented.insert(D.Code);
  std::vector<MachineFacts> All = {m1(), linuxGcc()};
  // Reach many codes: each scenario above, once more.
  MachineFacts A = m1();
  A.Translated = true;
  A.Go = {"/usr/local/go/bin/go", {"amd64"}};
  A.GoEnv["GOHOSTARCH"] = A.GoEnv["GOARCH"] = "amd64";
  A.XcodeSelectOk = false;
  A.Gopls = {};
  A.Env["GOROOT"] = "/elsewhere";
  A.PkgConfigAsked = {"x"};
  A.GoEnv["CGO_ENABLED"] = "0";
  All.push_back(A);
  for (const MachineFacts &F : All)
    for (const Finding &X : evaluate(F))
      if (!X.Code.empty()) {
        EXPECT_TRUE(Documented.count(X.Code)) << X.Code;
      }
}

TEST(Doctor, GoBuildInformationSection) {
  // The section as cmd/go writes it since Go 1.18: the magic, the pointer
  // size, flags (2: inline strings), padding to 32, then the version and
  // the module information between two 16-byte sentinels, each a uvarint
  // length and the bytes.
  std::string Sentinel(16, '\x01');
  std::string Mod = Sentinel +
                    "path\tgolang.org/x/tools/gopls\n"
                    "mod\tgolang.org/x/tools/gopls\tv0.15.3\th1:abc=\n"
                    "build\tGOARCH=amd64\nbuild\tGOOS=darwin\n" +
                    Sentinel;
  std::string Sec = std::string("\xff Go buildinf:", 14) + '\x08' + '\x02';
  Sec.resize(32, '\0');
  Sec += static_cast<char>(8);
  Sec += "go1.21.3";
  Sec += static_cast<char>(0x80 | (Mod.size() & 0x7f));
  Sec += static_cast<char>(Mod.size() >> 7);
  Sec += Mod;
  auto I = parseGoBuildInfo(Sec);
  ASSERT_TRUE(I);
  EXPECT_EQ(I->GoVersion, "go1.21.3");
  EXPECT_EQ(I->Path, "golang.org/x/tools/gopls");
  EXPECT_EQ(I->ModVersion, "v0.15.3");
  EXPECT_EQ(I->GOOS, "darwin");
  EXPECT_EQ(I->GOARCH, "amd64");
  // Cut short, a length past the end, the pre-1.18 form (flags 0), not one.
  EXPECT_FALSE(parseGoBuildInfo(Sec.substr(0, 40)));
  std::string Long = Sec;
  Long[32] = 0x7f;
  EXPECT_FALSE(parseGoBuildInfo(Long.substr(0, 60)));
  std::string Old = Sec;
  Old[15] = 0;
  EXPECT_FALSE(parseGoBuildInfo(Old));
  EXPECT_FALSE(parseGoBuildInfo("not a section at all, but long enough"));
  EXPECT_TRUE(readGoBuildInfo("#!/bin/sh\n").empty());
}

TEST(Doctor, ArchitecturesOfBinaries) {
  // A 64-bit little-endian ELF header for x86-64 (e_machine 62) and a
  // thin Mach-O header for arm64 (cputype 0x0100000C).
  std::string Elf(64, '\0');
  std::memcpy(&Elf[0],
              "\x7f"
              "ELF\x02\x01\x01",
              7);
  Elf[16] = 2;  // ET_EXEC
  Elf[18] = 62; // EM_X86_64
  Elf[20] = 1;  // EV_CURRENT
  Elf[52] = 64; // e_ehsize
  EXPECT_EQ(binaryArchs(Elf), std::vector<std::string>{"amd64"});
  std::string MachO(32, '\0');
  const unsigned char Head[] = {0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0x00, 0x00,
                                0x01, 0x00, 0x00, 0x00, 0x00, 0x02};
  std::memcpy(&MachO[0], Head, sizeof Head);
  EXPECT_EQ(binaryArchs(MachO), std::vector<std::string>{"arm64"});
  EXPECT_TRUE(binaryArchs("#!/bin/sh\necho not a binary\n").empty());
  EXPECT_EQ(goArchOfTriple("x86_64-linux-gnu"), "amd64");
  EXPECT_EQ(goArchOfTriple("arm64-apple-darwin23.5.0"), "arm64");
  EXPECT_EQ(goArchOfTriple("aarch64-linux-gnu"), "arm64");
}

TEST(Doctor, ToolsOnlyOnTheLoginShellsPath) {
  MachineFacts F = m1();
  F.OnlyInShell = {{"go", "/opt/homebrew/bin/go"},
                   {"pkg-config", "/opt/homebrew/bin/pkg-config"}};
  auto Fs = evaluate(F);
  EXPECT_THAT(problems(F), UnorderedElementsAreArray(
                               {"env-path-differs", "env-path-differs"}));
  for (const Finding &X : Fs)
    if (X.Code == "env-path-differs" && X.Title.rfind("go ", 0) == 0) {
      ASSERT_EQ(X.SetSettings.size(), 1u);
      EXPECT_EQ(X.SetSettings[0].second, "/opt/homebrew/bin/go");
    }
}

} // namespace
