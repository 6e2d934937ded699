//===- CgoDirective.cpp - #cgo lines of a preamble ------------------------===//
#include "CgoDirective.h"

#include "core/FlagKinds.h"

#include <cstring>

namespace cgols::go {
namespace {

bool isSpace(char C) {
  return C == ' ' || C == '\t' || C == '\n' || C == '\v' || C == '\f' ||
         C == '\r';
}

// strings.Fields over P[B, E): the [begin, end) of each run of non-space.
std::vector<std::pair<std::size_t, std::size_t>>
fields(std::string_view P, std::size_t B, std::size_t E) {
  std::vector<std::pair<std::size_t, std::size_t>> Out;
  for (std::size_t I = B; I < E;) {
    while (I < E && isSpace(P[I]))
      ++I;
    std::size_t S = I;
    while (I < E && !isSpace(P[I]))
      ++I;
    if (I > S)
      Out.push_back({S, I});
  }
  return Out;
}

// The lines of the preamble that are #cgo lines, as [begin, end) of the
// trimmed text in preamble offsets.
template <typename Fn> void forEachCgoLine(std::string_view P, Fn F) {
  std::size_t LS = 0;
  while (LS <= P.size()) {
    std::size_t E = P.find('\n', LS);
    std::size_t LE = E == std::string_view::npos ? P.size() : E;
    std::size_t B = LS, T = LE;
    while (B < T && isSpace(P[B]))
      ++B;
    while (T > B && isSpace(P[T - 1]))
      --T;
    if (T - B >= 5 && P.substr(B, 4) == "#cgo" && isSpace(P[B + 4]))
      F(LS, LE, B, T);
    if (E == std::string_view::npos)
      break;
    LS = E + 1;
  }
}

} // namespace

bool isSafeCgoArg(std::string_view S) {
  static const char Safe[] = "+-.,/0123456789=ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
                             "abcdefghijklmnopqrstuvwxyz:$@%! ~^";
  if (S.empty())
    return false;
  for (char C : S) {
    auto U = static_cast<unsigned char>(C);
    if (U < 0x80 && (U == 0 || !std::strchr(Safe, C)))
      return false;
  }
  return true;
}

SplitResult splitQuoted(std::string_view S, std::size_t Begin,
                        std::size_t End) {
  SplitResult R;
  std::string Arg;
  bool Escaped = false, Quoted = false;
  char Quote = 0;
  std::size_t ArgBegin = Begin;
  bool InArg = false;
  auto Flush = [&](std::size_t At) {
    R.Words.push_back({Arg, Range{ArgBegin, At}});
    Arg.clear();
    InArg = false;
  };
  for (std::size_t I = Begin; I < End; ++I) {
    char C = S[I];
    if (!InArg && !(isSpace(C) && !Escaped && !Quote)) {
      ArgBegin = I;
      InArg = true;
    }
    if (Escaped) {
      Escaped = false;
    } else if (C == '\\') {
      Escaped = true;
      continue;
    } else if (Quote) {
      if (C == Quote) {
        Quote = 0;
        continue;
      }
    } else if (C == '"' || C == '\'') {
      Quoted = true;
      Quote = C;
      continue;
    } else if (isSpace(C)) {
      if (Quoted || !Arg.empty()) {
        Quoted = false;
        Flush(I);
      }
      InArg = false;
      continue;
    }
    Arg.push_back(C);
  }
  if (Quoted || !Arg.empty())
    Flush(End);
  if (Quote)
    R.Error = "unclosed quote";
  else if (Escaped)
    R.Error = "unfinished escaping";
  return R;
}

std::vector<CgoDirective> parseCgoDirectives(const GoFile &F, GoVersion V) {
  std::vector<CgoDirective> Out;
  std::string_view P = F.Preamble;
  const SourceMap &M = F.PreambleMap;
  auto ToGo = [&](std::size_t B, std::size_t E) {
    auto [GB, GE] = M.rangeToGo(B, E);
    return Range{GB, GE};
  };
  forEachCgoLine(P, [&](std::size_t, std::size_t, std::size_t B,
                        std::size_t T) {
    CgoDirective D;
    D.Line = ToGo(B, T);
    D.Orig = std::string(P.substr(B, T - B));
    // Fields of the whole line, for `#cgo noescape name` (Go 1.22+), which
    // go/build skips before looking for a colon.
    std::vector<std::pair<std::size_t, std::size_t>> Fields = fields(P, B, T);
    auto FieldText = [&](std::size_t K) {
      return std::string(
          P.substr(Fields[K].first, Fields[K].second - Fields[K].first));
    };
    if (Fields.size() == 3 &&
        (FieldText(1) == "nocallback" || FieldText(1) == "noescape") &&
        V.atLeast(22)) {
      D.K = FieldText(1) == "noescape" ? CgoDirective::Kind::NoEscape
                                       : CgoDirective::Kind::NoCallback;
      D.Verb = {FieldText(2), ToGo(Fields[2].first, Fields[2].second)};
      Out.push_back(std::move(D));
      return;
    }
    std::size_t Colon = P.substr(B, T - B).find(':');
    if (Colon == std::string_view::npos) {
      D.K = CgoDirective::Kind::Invalid;
      D.Error = "invalid #cgo line: " + D.Orig;
      Out.push_back(std::move(D));
      return;
    }
    Colon += B;
    // Conditions and verb: the fields between "#cgo" and the colon.
    std::vector<CgoWord> Words;
    for (auto [S, E] : fields(P, B + 4, Colon))
      Words.push_back({std::string(P.substr(S, E - S)), ToGo(S, E)});
    if (Words.empty()) {
      D.K = CgoDirective::Kind::Invalid;
      D.Error = "invalid #cgo line: " + D.Orig;
      Out.push_back(std::move(D));
      return;
    }
    D.Verb = Words.back();
    Words.pop_back();
    D.Conditions = std::move(Words);
    SplitResult S = splitQuoted(P, Colon + 1, T);
    for (auto &[Text, R] : S.Words)
      D.Args.push_back({Text, ToGo(R.Begin, R.End)});
    if (!S.Error.empty())
      D.Error = "invalid #cgo line: " + D.Orig;
    const std::string &Vb = D.Verb.Text;
    if (cgoFlagKindIndex(Vb))
      D.K = CgoDirective::Kind::Flags;
    else if (Vb == "pkg-config")
      D.K = CgoDirective::Kind::PkgConfig;
    else
      D.K = CgoDirective::Kind::Unknown;
    Out.push_back(std::move(D));
  });
  return Out;
}

std::string discardCgoDirectives(std::string_view Preamble) {
  std::string Out(Preamble);
  forEachCgoLine(Preamble,
                 [&](std::size_t LS, std::size_t LE, std::size_t, std::size_t) {
                   for (std::size_t I = LS; I < LE; ++I)
                     Out[I] = ' ';
                 });
  return Out;
}

} // namespace cgols::go
