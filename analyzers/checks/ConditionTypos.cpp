//===- ConditionTypos.cpp - #cgo conditions that can never match ----------===//
//
// Check id: cgo-condition-typo.
//
// What: a #cgo condition or build tag that is one or two edits away from a
// known GOOS or GOARCH (drawin, amd46, linx) but is none.
// Why: the go command does not check the names; it silently drops a #cgo
// line whose condition never holds (and a file whose build tag never does).
// Example: // #cgo drawin LDFLAGS: -framework Cocoa
// Fix: the name it is close to.
//
//===----------------------------------------------------------------------===//
#include "Check.h"

#include "gobuild/Target.h"

#include <array>
#include <cctype>
#include <map>

namespace cgols {
namespace {

constexpr std::array<const char *, 17> OS = {
    "aix",     "android", "darwin", "dragonfly", "freebsd", "hurd",
    "illumos", "ios",     "js",     "linux",     "netbsd",  "openbsd",
    "plan9",   "solaris", "wasip1", "windows",   "zos"};
constexpr std::array<const char *, 14> Arch = {
    "386",    "amd64",    "arm",   "arm64",   "loong64", "mips",  "mipsle",
    "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x", "wasm"};

// Optimal string alignment distance (edits, including a transposition).
std::size_t distance(const std::string &A, const std::string &B) {
  std::vector<std::vector<std::size_t>> D(
      A.size() + 1, std::vector<std::size_t>(B.size() + 1));
  for (std::size_t I = 0; I <= A.size(); ++I)
    D[I][0] = I;
  for (std::size_t J = 0; J <= B.size(); ++J)
    D[0][J] = J;
  for (std::size_t I = 1; I <= A.size(); ++I)
    for (std::size_t J = 1; J <= B.size(); ++J) {
      std::size_t Cost = A[I - 1] == B[J - 1] ? 0 : 1;
      D[I][J] =
          std::min({D[I - 1][J] + 1, D[I][J - 1] + 1, D[I - 1][J - 1] + Cost});
      if (I > 1 && J > 1 && A[I - 1] == B[J - 2] && A[I - 2] == B[J - 1])
        D[I][J] = std::min(D[I][J], D[I - 2][J - 2] + 1);
    }
  return D[A.size()][B.size()];
}

// The known name a tag is a near miss of, or empty.
std::string nearMiss(const std::string &Tag) {
  if (Tag.size() < 3 || isKnownGOOS(Tag) || isKnownGOARCH(Tag))
    return "";
  std::string Best;
  std::size_t BestD = 3;
  auto Try = [&](const char *K) {
    std::string Known = K;
    // Short names allow one edit, longer ones two.
    std::size_t Allowed = Known.size() <= 4 ? 1 : 2;
    std::size_t Dist = distance(Tag, Known);
    // Not a near miss when it only adds a known arch's digits: arm vs arm64.
    if (Dist <= Allowed && Dist < BestD && Dist > 0) {
      BestD = Dist;
      Best = Known;
    }
  };
  for (const char *K : OS)
    Try(K);
  for (const char *K : Arch)
    Try(K);
  // Common real tags that are close to a GOOS/GOARCH but mean something.
  for (const char *Real :
       {"cgo",     "gc",         "unix",        "gccgo",    "ignore",
        "race",    "darwin_arm", "arm32",       "amd64p32", "armbe",
        "mips32",  "ios13",      "linux5",      "sse4",     "ppc",
        "ppc32",   "sparc",      "sparc64",     "riscv",    "s390",
        "arm64be", "mips64p32",  "mips64p32le", "nacl",     "x86",
        "x64",     "i386"})
    if (Tag == Real)
      return "";
  return Best;
}

// Tags in a condition field: split on the operators of both syntaxes.
std::vector<std::pair<std::string, std::size_t>> tags(const std::string &S) {
  std::vector<std::pair<std::string, std::size_t>> Out;
  std::size_t I = 0;
  while (I < S.size()) {
    if (std::isalnum(static_cast<unsigned char>(S[I])) || S[I] == '_' ||
        S[I] == '.') {
      std::size_t B = I;
      while (I < S.size() && (std::isalnum(static_cast<unsigned char>(S[I])) ||
                              S[I] == '_' || S[I] == '.'))
        ++I;
      Out.push_back({S.substr(B, I - B), B});
    } else {
      ++I;
    }
  }
  return Out;
}

} // namespace

static void checkConditionTypos(const Package &P,
                                std::vector<Diagnostic> &Out) {
  auto Report = [&](const SourceFile &F, const std::string &Tag, std::size_t B,
                    const std::string &Near, const char *Where) {
    Diagnostic D;
    D.Where = {F.Path, B, B + Tag.size()};
    D.Sev = Severity::Warning;
    D.Code = "cgo-condition-typo";
    D.Message = "Change '" + Tag + "' to '" + Near +
                "': it is not a GOOS or GOARCH, so no target matches it, and "
                "the go command ignores such " +
                Where + " without a word";
    D.Fixes.push_back(
        {"Change to '" + Near + "'", {{{F.Path, B, B + Tag.size()}, Near}}});
    Out.push_back(std::move(D));
  };
  // Every tag of the package, where it stands: a //go:build line or a #cgo
  // condition.
  struct Use {
    const SourceFile *F;
    std::string Tag;
    std::size_t Begin;
    const char *Where;
  };
  std::vector<Use> Uses;
  std::map<std::string, int> Count;
  for (const auto &FP : P.Files) {
    const SourceFile &F = *FP;
    if (F.Go.GoBuild) {
      std::size_t L = F.Text.find("//go:build");
      if (L != std::string::npos) {
        std::size_t E = F.Text.find('\n', L);
        std::string Line =
            F.Text.substr(L + 10, E == std::string::npos ? E : E - L - 10);
        for (const auto &[Tag, Off] : tags(Line))
          Uses.push_back({&F, Tag, L + 10 + Off, "a build constraint"});
      }
    }
    for (const go::CgoDirective &Dir : F.Directives)
      for (const go::CgoWord &W : Dir.Conditions)
        for (const auto &[Tag, Off] : tags(W.Text))
          Uses.push_back({&F, Tag, W.Where.Begin + Off, "a #cgo condition"});
  }
  for (const Use &U : Uses)
    ++Count[U.Tag];
  for (const Use &U : Uses) {
    // A tag the package uses more than once is a tag of its own (`drm`,
    // near `arm`), set on purpose with -tags; a typo stands alone.
    if (Count[U.Tag] > 1)
      continue;
    std::string Near = nearMiss(U.Tag);
    if (!Near.empty())
      Report(*U.F, U.Tag, U.Begin, Near, U.Where);
  }
}

namespace {
std::vector<CodeDoc> conditionTyposCodes() {
  return {
      {"cgo-condition-typo", "(warning)",
       R"md(**What.** A `#cgo` condition or `//go:build` tag one or two edits from a known GOOS or GOARCH
(`drawin`, `amd46`, `linx`) that is none, and that the package uses only once: a tag that stands
in several conditions or build lines of the package (`drm`, near `arm`) is the project's own tag,
set on purpose with `-tags`.

**Why.** The go command does not check names: such a condition never holds, silently.

**Fix.** *Change to 'darwin'*.)md"},
  };
}

void conditionTyposRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  checkConditionTypos(C.P, Out);
}

} // namespace

const Check &conditionTyposCheck() {
  static const Check TheCheck{"condition-typos", CheckScope::Package,
                              conditionTyposCodes(), conditionTyposRun};
  return TheCheck;
}

} // namespace cgols
