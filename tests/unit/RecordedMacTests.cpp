//===- RecordedMacTests.cpp - The doctor on what real Macs printed --------===//
//
// Each archive of tests/fixtures/mac-output is a Mac as public reports show
// it (go env, clang --version, xcode-select -p, xcrun, ld -v: quoted, each
// with its source; the format is in that folder's README). The probes
// (collectFacts, as on darwin) run against an Environment that answers with
// those outputs, over stand-in binaries of the given architectures; the
// doctor's findings must be the archive's `want`. Hermetic: the stand-ins
// live in the test's own temporary folder.
//
//===----------------------------------------------------------------------===//
#include "Health.h"
#include "TestEnvironment.h"
#include "Txtar.h"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace cgols;
using ::testing::UnorderedElementsAreArray;

namespace {

const fs::path Fixtures = fs::path(CGOLS_TEST_FIXTURES) / "mac-output";

std::vector<std::string> words(const std::string &Line) {
  std::istringstream In(Line);
  std::vector<std::string> W;
  for (std::string X; In >> X;)
    W.push_back(X);
  return W;
}

/// The section's lines without its notes (lines starting with '#').
std::vector<std::string> lines(const std::string &Data) {
  std::vector<std::string> Out;
  std::istringstream In(Data);
  for (std::string L; std::getline(In, L);)
    if (L.empty() || L[0] != '#')
      Out.push_back(L);
  return Out;
}

void putBE32(std::string &S, std::size_t At, std::uint32_t V) {
  for (int I = 0; I < 4; ++I)
    S[At + I] = static_cast<char>((V >> (24 - 8 * I)) & 0xff);
}

void putLE32(std::string &S, std::size_t At, std::uint32_t V) {
  for (int I = 0; I < 4; ++I)
    S[At + I] = static_cast<char>((V >> (8 * I)) & 0xff);
}

/// A 64-bit Mach-O executable header (no load commands).
std::string thinMachO(const std::string &Arch) {
  std::string H(32, '\0');
  putLE32(H, 0, 0xfeedfacf);
  putLE32(H, 4, Arch == "arm64" ? 0x0100000c : 0x01000007);
  putLE32(H, 8, Arch == "arm64" ? 0 : 3);
  putLE32(H, 12, 2); // MH_EXECUTE
  return H;
}

/// A Mach-O of those architectures: thin for one, universal for more.
std::string machO(const std::vector<std::string> &Archs) {
  if (Archs.size() == 1)
    return thinMachO(Archs[0]);
  std::string U(4096 * (Archs.size() + 1), '\0');
  putBE32(U, 0, 0xcafebabe);
  putBE32(U, 4, static_cast<std::uint32_t>(Archs.size()));
  for (std::size_t I = 0; I < Archs.size(); ++I) {
    std::size_t E = 8 + 20 * I, Off = 4096 * (I + 1);
    putBE32(U, E, Archs[I] == "arm64" ? 0x0100000c : 0x01000007);
    putBE32(U, E + 4, Archs[I] == "arm64" ? 0 : 3);
    putBE32(U, E + 8, static_cast<std::uint32_t>(Off));
    putBE32(U, E + 12, 32);
    putBE32(U, E + 16, 12);
    U.replace(Off, 32, thinMachO(Archs[I]));
  }
  return U;
}

/// `go env` as the reports quote it (NAME='v' since Go 1.21, NAME="v"
/// before) as the JSON object `go env -json` prints.
std::string goEnvJson(const std::string &Text) {
  boost::json::object O;
  for (std::string L : lines(Text)) {
    L.erase(0, L.find_first_not_of(' '));
    std::size_t Eq = L.find('=');
    if (Eq == std::string::npos)
      continue;
    std::string V = L.substr(Eq + 1);
    if (V.size() >= 2 && (V[0] == '\'' || V[0] == '"') && V.back() == V[0])
      V = V.substr(1, V.size() - 2);
    O[L.substr(0, Eq)] = V;
  }
  return boost::json::serialize(O);
}

class RecordedMac : public ::testing::TestWithParam<std::string> {};

TEST_P(RecordedMac, DoctorSaysWhatTheArchiveWants) {
  std::ifstream In(Fixtures / GetParam(), std::ios::binary);
  std::stringstream Buf;
  Buf << In.rdbuf();
  test::Txtar A = test::Txtar::parse(Buf.str());

  fs::path Bin = fs::temp_directory_path() /
                 ("cgols-mac-" + std::to_string(::getpid()) + "-" +
                  GetParam().substr(0, GetParam().find('.'))) /
                 "bin";
  fs::create_directories(Bin);
  test::TestEnvironment Env;
  Env.Vars["PATH"] = Bin.string();
  HostSystem Host;
  std::vector<std::string> Want;
  std::vector<std::string> Says;
  bool HaveWant = false;
  for (const test::Txtar::File &F : A.Files) {
    if (F.Name == "host") {
      std::vector<std::string> W = words(lines(F.Data).at(0));
      ASSERT_GE(W.size(), 2u);
      Host.OS = W[0];
      Host.Arch = W[1];
      for (std::size_t I = 2; I < W.size(); ++I) {
        Host.Arm64Hardware |= W[I] == "arm64-hardware";
        Host.Translated |= W[I] == "translated";
      }
    } else if (F.Name == "programs") {
      for (const std::string &L : lines(F.Data)) {
        std::vector<std::string> W = words(L);
        if (W.empty())
          continue;
        std::ofstream(Bin / W[0], std::ios::binary)
            << machO({W.begin() + 1, W.end()});
        fs::permissions(Bin / W[0], fs::perms::owner_all);
      }
    } else if (F.Name == "files") {
      for (const std::string &L : lines(F.Data))
        if (!L.empty())
          Env.addFile(L, "");
    } else if (F.Name.rfind("$ ", 0) == 0) {
      std::string Cmd = F.Name.substr(2);
      RunResult R;
      R.Started = true;
      R.ExitCode = 0;
      bool ToErr = false;
      if (std::size_t P = Cmd.find(" ("); P != std::string::npos) {
        std::string Mods = Cmd.substr(P + 2);
        Cmd.resize(P);
        ToErr = Mods.find("stderr") != std::string::npos;
        if (std::size_t E = Mods.find("exit "); E != std::string::npos)
          R.ExitCode = std::stoi(Mods.substr(E + 5));
      }
      std::string Out;
      for (const std::string &L : lines(F.Data))
        Out += L + "\n";
      if (Cmd == "go env") {
        Env.GoEnvJson = goEnvJson(F.Data);
        continue;
      }
      (ToErr ? R.Err : R.Out) = Out;
      Env.Answers[Cmd] = R;
      if (Cmd == "clang --version" && R.ExitCode == 0)
        if (std::size_t T = Out.find("Target: "); T != std::string::npos) {
          RunResult M = R;
          M.Out = Out.substr(T + 8, Out.find('\n', T) - T - 8) + "\n";
          Env.Answers.emplace("clang -dumpmachine", M);
        }
    } else if (F.Name == "want") {
      HaveWant = true;
      for (const std::string &L : lines(F.Data)) {
        std::vector<std::string> W = words(L);
        if (!W.empty() && W[0] == "problems")
          Want.assign(W.begin() + 1, W.end());
        else if (L.rfind("says ", 0) == 0)
          Says.push_back(L.substr(5));
      }
    }
  }
  ASSERT_TRUE(HaveWant) << "no want section";
  ASSERT_EQ(Host.OS, "darwin");

  doctor::MachineFacts F = collectFacts(Env, {}, Host);
  std::vector<doctor::Finding> Fs = doctor::evaluate(F);
  std::vector<std::string> Got;
  for (const doctor::Finding &X : Fs)
    if (X.V != doctor::Verdict::Ok)
      Got.push_back(X.Code);
  std::string Text = doctor::renderText(Fs, /*Verbose=*/true);
  EXPECT_THAT(Got, UnorderedElementsAreArray(Want)) << Text;
  for (const std::string &S : Says)
    EXPECT_NE(Text.find(S), std::string::npos) << S << "\nin:\n" << Text;
  // sysctl is read in the process (sysctlbyname), never run: a sysctl
  // child answers for its own slice of a universal binary.
  for (const std::vector<std::string> &Argv : Env.Ran)
    EXPECT_NE(Argv.at(0), "sysctl");
  fs::remove_all(Bin.parent_path());
}

std::vector<std::string> archives() {
  std::vector<std::string> Names;
  for (const auto &E : fs::directory_iterator(Fixtures))
    if (E.path().extension() == ".txtar")
      Names.push_back(E.path().filename().string());
  std::sort(Names.begin(), Names.end());
  return Names;
}

INSTANTIATE_TEST_SUITE_P(MacOutput, RecordedMac,
                         ::testing::ValuesIn(archives()),
                         [](const ::testing::TestParamInfo<std::string> &I) {
                           std::string N = I.param.substr(0, I.param.find('.'));
                           for (char &C : N)
                             if (!std::isalnum(static_cast<unsigned char>(C)))
                               C = '_';
                           return N;
                         });

} // namespace
