//===- Target.cpp - Build constraints as go/build evaluates them ----------===//
//
// Sources: go/build (matchTag, goodOSArchFile, matchAuto) and
// go/build/constraint (the //go:build grammar: ||, &&, !, parentheses, tags
// of letters, digits, '_' and '.'). Lists of known GOOS/GOARCH values are the
// ones of go/build's syslist.go, including later additions.
//
//===----------------------------------------------------------------------===//
#include "Target.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace cgols {
namespace {

constexpr std::array<std::string_view, 17> KnownOS = {
    "aix",     "android", "darwin",  "dragonfly", "freebsd", "hurd",
    "illumos", "ios",     "js",      "linux",     "nacl",    "netbsd",
    "openbsd", "plan9",   "solaris", "wasip1",    "windows"};
constexpr std::array<std::string_view, 12> UnixOS = {
    "aix",     "android", "darwin", "dragonfly", "freebsd", "hurd",
    "illumos", "ios",     "linux",  "netbsd",    "openbsd", "solaris"};
constexpr std::array<std::string_view, 25> KnownArch = {
    "386",    "amd64",    "amd64p32",  "arm",         "armbe",
    "arm64",  "arm64be",  "loong64",   "mips",        "mipsle",
    "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc",
    "ppc64",  "ppc64le",  "riscv",     "riscv64",     "s390",
    "s390x",  "sparc",    "sparc64",   "wasm",        "zos"};

template <typename A> bool contains(const A &Arr, std::string_view S) {
  return std::find(Arr.begin(), Arr.end(), S) != Arr.end();
}

bool isTagChar(char C) {
  return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '.';
}

// Recursive descent over the //go:build grammar.
class ExprParser {
public:
  ExprParser(std::string_view S, const Target &T) : S(S), T(T) {}
  std::optional<bool> parse() {
    auto V = orExpr();
    skipSpace();
    if (!V || Pos != S.size())
      return std::nullopt;
    return V;
  }

private:
  std::string_view S;
  const Target &T;
  std::size_t Pos = 0;
  void skipSpace() {
    while (Pos < S.size() && (S[Pos] == ' ' || S[Pos] == '\t'))
      ++Pos;
  }
  bool eat(std::string_view Tok) {
    skipSpace();
    if (S.substr(Pos, Tok.size()) == Tok) {
      Pos += Tok.size();
      return true;
    }
    return false;
  }
  std::optional<bool> orExpr() {
    auto L = andExpr();
    while (L && eat("||")) {
      auto R = andExpr();
      if (!R)
        return std::nullopt;
      L = *L || *R;
    }
    return L;
  }
  std::optional<bool> andExpr() {
    auto L = notExpr();
    while (L && eat("&&")) {
      auto R = notExpr();
      if (!R)
        return std::nullopt;
      L = *L && *R;
    }
    return L;
  }
  std::optional<bool> notExpr() {
    if (eat("!")) {
      auto V = notExpr();
      if (!V)
        return std::nullopt;
      return !*V;
    }
    return atom();
  }
  std::optional<bool> atom() {
    if (eat("(")) {
      auto V = orExpr();
      if (!V || !eat(")"))
        return std::nullopt;
      return V;
    }
    skipSpace();
    std::size_t B = Pos;
    while (Pos < S.size() && isTagChar(S[Pos]))
      ++Pos;
    if (Pos == B)
      return std::nullopt;
    return T.matchTag(S.substr(B, Pos - B));
  }
};

bool isValidPlusBuildTag(std::string_view W) {
  if (W.empty())
    return false;
  return std::all_of(W.begin(), W.end(), isTagChar);
}

} // namespace

bool isKnownGOOS(std::string_view S) { return contains(KnownOS, S); }
bool isKnownGOARCH(std::string_view S) { return contains(KnownArch, S); }

std::vector<std::string> userTags(std::string_view Expr) {
  std::vector<std::string> Out;
  auto Word = [](char C) {
    return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '.';
  };
  std::size_t I = 0;
  while (I < Expr.size()) {
    if (!Word(Expr[I]) || Expr[I] == '.') {
      ++I;
      continue;
    }
    std::size_t B = I;
    while (I < Expr.size() && Word(Expr[I]))
      ++I;
    std::string W(Expr.substr(B, I - B));
    if (isKnownGOOS(W) || isKnownGOARCH(W) || W == "cgo" || W == "gc" ||
        W == "gccgo" || W == "unix" || W.rfind("go1.", 0) == 0 ||
        std::isdigit(static_cast<unsigned char>(W[0])))
      continue;
    if (std::find(Out.begin(), Out.end(), W) == Out.end())
      Out.push_back(W);
  }
  return Out;
}

const std::vector<std::string> &knownGOOSList() {
  static const std::vector<std::string> L(KnownOS.begin(), KnownOS.end());
  return L;
}
const std::vector<std::string> &knownGOARCHList() {
  static const std::vector<std::string> L(KnownArch.begin(), KnownArch.end());
  return L;
}

std::string Target::clangTriple() const {
  std::string Arch = GOARCH == "amd64"   ? "x86_64"
                     : GOARCH == "arm64" ? (isDarwin() ? "arm64" : "aarch64")
                     : GOARCH == "386"   ? "i386"
                     : GOARCH == "arm"   ? "arm"
                                         : GOARCH;
  if (GOOS == "darwin")
    return Arch +
           (GOARCH == "arm64" ? "-apple-macosx11.0.0" : "-apple-macosx10.13.0");
  if (GOOS == "ios")
    return Arch + "-apple-ios12.0.0";
  if (GOOS == "linux")
    return Arch + (GOARCH == "arm" ? "-linux-gnueabihf" : "-linux-gnu");
  if (GOOS == "android")
    return Arch + "-linux-android21";
  if (GOOS == "windows")
    return Arch + "-w64-windows-gnu";
  return Arch + "-unknown-" + GOOS;
}

bool Target::matchTag(std::string_view Tag) const {
  if (CgoEnabled && Tag == "cgo")
    return true;
  if (Tag == GOOS || Tag == GOARCH || Tag == "gc")
    return true;
  if (GOOS == "android" && Tag == "linux")
    return true;
  if (GOOS == "illumos" && Tag == "solaris")
    return true;
  if (GOOS == "ios" && Tag == "darwin")
    return true;
  if (Tag == "unix" && contains(UnixOS, GOOS))
    return true;
  if (std::find(Tags.begin(), Tags.end(), Tag) != Tags.end())
    return true;
  // Release tags go1.1 ... go1.N.
  if (Tag.substr(0, 4) == "go1." && Tag.size() > 4 &&
      std::all_of(Tag.begin() + 4, Tag.end(),
                  [](char C) { return std::isdigit((unsigned char)C); })) {
    int N = std::stoi(std::string(Tag.substr(4)));
    return GoMinor == 0 || N <= GoMinor;
  }
  return false;
}

std::optional<Target> parseTarget(std::string_view Spec) {
  std::string_view Tags;
  if (auto C = Spec.find(':'); C != std::string_view::npos) {
    Tags = Spec.substr(C + 1);
    Spec = Spec.substr(0, C);
  }
  auto Slash = Spec.find('/');
  if (Slash == std::string_view::npos)
    return std::nullopt;
  Target T;
  T.GOOS = std::string(Spec.substr(0, Slash));
  T.GOARCH = std::string(Spec.substr(Slash + 1));
  if (!isKnownGOOS(T.GOOS) || !isKnownGOARCH(T.GOARCH))
    return std::nullopt;
  while (!Tags.empty()) {
    auto C = Tags.find(',');
    std::string_view W = Tags.substr(0, C);
    if (!W.empty())
      T.Tags.emplace_back(W);
    if (C == std::string_view::npos)
      break;
    Tags = Tags.substr(C + 1);
  }
  return T;
}

bool matchFileName(std::string_view Name, const Target &T) {
  if (Name.size() > 3 && Name.substr(Name.size() - 3) == ".go")
    Name.remove_suffix(3);
  if (Name.size() > 5 && Name.substr(Name.size() - 5) == "_test")
    Name.remove_suffix(5);
  auto U = Name.find('_');
  if (U == std::string_view::npos)
    return true;
  Name = Name.substr(U);
  std::vector<std::string_view> L;
  std::size_t P = 0;
  while (true) {
    auto Q = Name.find('_', P);
    L.push_back(Name.substr(P, Q == std::string_view::npos ? Q : Q - P));
    if (Q == std::string_view::npos)
      break;
    P = Q + 1;
  }
  std::size_t N = L.size();
  if (N >= 2 && isKnownGOOS(L[N - 2]) && isKnownGOARCH(L[N - 1]))
    return T.matchTag(L[N - 2]) && T.matchTag(L[N - 1]);
  if (N >= 1 && (isKnownGOOS(L[N - 1]) || isKnownGOARCH(L[N - 1])))
    return T.matchTag(L[N - 1]);
  return true;
}

std::optional<bool> evalGoBuild(std::string_view Expr, const Target &T) {
  return ExprParser(Expr, T).parse();
}

bool evalPlusBuild(std::string_view Line, const Target &T) {
  // Space-separated options; any one satisfied suffices. Each option is a
  // comma-separated list of terms that must all hold; a term is tag or !tag.
  bool Any = false;
  std::size_t P = 0;
  while (P < Line.size()) {
    while (P < Line.size() && (Line[P] == ' ' || Line[P] == '\t'))
      ++P;
    std::size_t E = P;
    while (E < Line.size() && Line[E] != ' ' && Line[E] != '\t')
      ++E;
    if (E == P)
      break;
    std::string_view Opt = Line.substr(P, E - P);
    bool All = true;
    std::size_t Q = 0;
    while (true) {
      auto C = Opt.find(',', Q);
      std::string_view Term =
          Opt.substr(Q, C == std::string_view::npos ? C : C - Q);
      bool Neg = false;
      if (!Term.empty() && Term.front() == '!') {
        Neg = true;
        Term.remove_prefix(1);
      }
      bool V = isValidPlusBuildTag(Term) && T.matchTag(Term);
      if (!isValidPlusBuildTag(Term))
        V = false, Neg = false; // an invalid term never matches
      All = All && (Neg ? !V : V);
      if (C == std::string_view::npos)
        break;
      Q = C + 1;
    }
    Any = Any || All;
    P = E;
  }
  return Any;
}

bool evalCgoCondition(std::string_view Field, const Target &T) {
  if (Field.find_first_of("&|()") != std::string_view::npos)
    return evalGoBuild(Field, T).value_or(false);
  return evalPlusBuild(Field, T);
}

} // namespace cgols
