//===- GoFile.cpp - Parse the parts of a Go file that matter to cgo -------===//
//
// Comment grouping follows go/parser exactly (parser.next and
// consumeCommentGroup): a comment on the same line as the previous token
// starts a group of comments on that line only; further comments form groups
// of comments at most one line apart; the last group is the lead comment of
// the next token if it ends on the line just above it. The doc comment of an
// import spec is the lead comment of its first token; that of a declaration is
// the lead comment of the `import` keyword. cmd/cgo uses the spec's doc, or
// the declaration's when the declaration holds that single spec.
//
// Only the package clause and the import declarations are parsed, as with
// go/parser's ImportsOnly mode; after them the token stream is scanned for
// C.name selectors and for //export comments above top-level funcs.
//
//===----------------------------------------------------------------------===//
#include "GoFile.h"

#include "GoScanner.h"

#include <algorithm>

namespace cgols::go {
namespace {

struct CommentGroup {
  std::size_t First = 0, Last = 0; // indices into the token vector
  std::size_t EndLine = 0;
};

class Parser {
public:
  Parser(std::string_view Text) : Text(Text), Toks(scan(Text)) {}

  GoFile parse(std::string Path) {
    GoFile F;
    F.Path = std::move(Path);
    parseHeader(F);
    next();
    if (!isIdent("package"))
      return F;
    next();
    if (Cur.Kind != Tok::Ident)
      return F;
    F.HasPackageClause = true;
    F.PackageName = std::string(text(Cur));
    next();
    if (Cur.Kind == Tok::Semicolon)
      next();
    while (isIdent("import"))
      parseImportDecl(F);
    scanRest(F);
    buildPreamble(F);
    return F;
  }

private:
  std::string_view Text;
  std::vector<Token> Toks;
  std::size_t Idx = 0; // index of the next token to read
  Token Cur;
  std::size_t PrevLine = 0;
  std::optional<CommentGroup> Lead;
  int Depth = 0; // brace depth, for recognising top-level funcs

  std::string_view text(const Token &T) const {
    return Text.substr(T.Begin, T.End - T.Begin);
  }
  bool isIdent(std::string_view W) const {
    return Cur.Kind == Tok::Ident && text(Cur) == W;
  }
  bool isPunct(std::string_view P) const {
    return Cur.Kind == Tok::Punct && text(Cur) == P;
  }

  std::size_t endLine(const Token &T) const {
    return T.Line + static_cast<std::size_t>(std::count(
                        Text.begin() + T.Begin, Text.begin() + T.End, '\n'));
  }

  CommentGroup consumeGroup(std::size_t N) {
    CommentGroup G;
    G.First = Idx;
    G.EndLine = Toks[Idx].Line;
    while (Toks[Idx].Kind == Tok::Comment && Toks[Idx].Line <= G.EndLine + N) {
      G.EndLine = endLine(Toks[Idx]);
      G.Last = Idx;
      ++Idx;
    }
    return G;
  }

  // go/parser's next(): advance to the next non-comment token, computing the
  // lead comment group of that token.
  void next() {
    Lead.reset();
    PrevLine = Cur.Line;
    bool First = Idx == 0;
    if (Toks[Idx].Kind == Tok::Comment) {
      std::optional<CommentGroup> G;
      if (!First && Toks[Idx].Line == PrevLine)
        consumeGroup(0);
      std::size_t End = 0;
      bool Any = false;
      while (Toks[Idx].Kind == Tok::Comment) {
        G = consumeGroup(1);
        End = G->EndLine;
        Any = true;
      }
      if (Any && End + 1 == Toks[Idx].Line)
        Lead = G;
    }
    Cur = Toks[Idx];
    if (Cur.Kind != Tok::EndOfFile)
      ++Idx;
  }

  Range groupRange(const CommentGroup &G) const {
    return {Toks[G.First].Begin, Toks[G.Last].End};
  }

  // The comment group just above the token at index TokIdx, if it starts
  // its own line and ends at least one blank line above the token: the
  // comment a user meant as the preamble but that cgo ignores (golang/go#9733).
  std::optional<Range> detachedGroupAbove(std::size_t TokIdx) const {
    if (TokIdx == 0 || Toks[TokIdx - 1].Kind != Tok::Comment)
      return std::nullopt;
    std::size_t Last = TokIdx - 1, First = Last;
    while (First > 0 && Toks[First - 1].Kind == Tok::Comment &&
           endLine(Toks[First - 1]) + 1 >= Toks[First].Line)
      --First;
    if (First > 0 && Toks[First - 1].Line == Toks[First].Line)
      return std::nullopt;
    if (endLine(Toks[Last]) + 1 >= Toks[TokIdx].Line)
      return std::nullopt;
    return Range{Toks[First].Begin, Toks[Last].End};
  }

  void parseImportDecl(GoFile &F) {
    std::optional<CommentGroup> DeclDoc = Lead;
    std::size_t KwIdx = Idx - 1;
    next(); // 'import'
    struct Found {
      std::size_t CImportIdx, TokIdx;
    };
    std::vector<Found> CIdx;
    std::size_t Specs = 0;
    bool Paren = false;
    auto ParseSpec = [&](std::optional<CommentGroup> Doc) {
      std::size_t SpecTokIdx = Idx - 1;
      Range Spec{Cur.Begin, Cur.End};
      bool Named = false;
      if (Cur.Kind == Tok::Ident || isPunct(".")) {
        Named = true;
        next();
      }
      if (Cur.Kind != Tok::String && Cur.Kind != Tok::RawString)
        return false; // not an import spec: stop
      ++Specs;
      Spec.End = Cur.End;
      std::string_view Lit = text(Cur);
      if (Lit == "\"C\"" || Lit == "`C`") {
        CImport CI;
        CI.Spec = Spec;
        CI.Path = {Cur.Begin, Cur.End};
        CI.Renamed = Named;
        if (Doc)
          CI.Doc = groupRange(*Doc);
        F.CImports.push_back(CI);
        CIdx.push_back({F.CImports.size() - 1, SpecTokIdx});
      } else if (Lit.size() >= 2) {
        F.Imports.push_back(std::string(Lit.substr(1, Lit.size() - 2)));
        F.ImportPaths.push_back({Cur.Begin, Cur.End});
      }
      next();
      if (Cur.Kind == Tok::Semicolon)
        next();
      return true;
    };
    if (isPunct("(")) {
      Paren = true;
      next();
      while (!isPunct(")") && Cur.Kind != Tok::EndOfFile)
        if (!ParseSpec(Lead))
          break;
      if (isPunct(")"))
        next();
    } else {
      ParseSpec(std::nullopt);
    }
    if (Cur.Kind == Tok::Semicolon)
      next();
    for (const Found &Fd : CIdx) {
      CImport &CI = F.CImports[Fd.CImportIdx];
      // cmd/cgo: the spec's doc, or the declaration's for a single spec.
      if (!CI.Doc && Specs == 1 && DeclDoc)
        CI.Doc = groupRange(*DeclDoc);
      if (CI.Doc)
        continue;
      if (Paren)
        CI.Detached = detachedGroupAbove(Fd.TokIdx);
      if (!CI.Detached && Specs == 1)
        CI.Detached = detachedGroupAbove(KwIdx);
    }
  }

  // After the imports: C.name references and //export comments.
  void scanRest(GoFile &F) {
    bool HasC = std::any_of(F.CImports.begin(), F.CImports.end(),
                            [](const CImport &CI) { return !CI.Renamed; });
    Token Prev{};
    while (Cur.Kind != Tok::EndOfFile) {
      if (isPunct("{"))
        ++Depth;
      else if (isPunct("}"))
        Depth = std::max(0, Depth - 1);
      if (Depth == 0 && isIdent("func") && Lead)
        collectExports(F, *Lead);
      if (HasC && Cur.Kind == Tok::Ident && text(Cur) == "C" &&
          !(Prev.Kind == Tok::Punct && text(Prev) == ".")) {
        std::size_t I = Idx;
        if (Toks[I].Kind == Tok::Punct && text(Toks[I]) == "." &&
            Toks[I + 1].Kind == Tok::Ident) {
          F.Refs.push_back(
              {std::string(text(Toks[I + 1])), {Cur.Begin, Toks[I + 1].End}});
        }
      }
      Prev = Cur;
      next();
    }
  }

  void collectExports(GoFile &F, const CommentGroup &G) {
    // The func's name is the next identifier (after a receiver, if any).
    std::string FuncName;
    std::size_t I = Idx;
    if (Toks[I].Kind == Tok::Punct && text(Toks[I]) == "(") {
      int D = 0;
      for (; Toks[I].Kind != Tok::EndOfFile; ++I) {
        if (Toks[I].Kind == Tok::Punct && text(Toks[I]) == "(")
          ++D;
        else if (Toks[I].Kind == Tok::Punct && text(Toks[I]) == ")" &&
                 --D == 0) {
          ++I;
          break;
        }
      }
    }
    if (Toks[I].Kind == Tok::Ident)
      FuncName = std::string(text(Toks[I]));
    for (std::size_t K = G.First; K <= G.Last; ++K) {
      std::string_view C = text(Toks[K]);
      if (C.substr(0, 9) != "//export ")
        continue;
      std::string_view Name = C.substr(9);
      while (!Name.empty() && (Name.front() == ' ' || Name.front() == '\t'))
        Name.remove_prefix(1);
      while (!Name.empty() &&
             (Name.back() == ' ' || Name.back() == '\t' || Name.back() == '\r'))
        Name.remove_suffix(1);
      F.Exports.push_back(
          {std::string(Name), {Toks[K].Begin, Toks[K].End}, FuncName});
    }
  }

  // cmd/cgo: for each import "C" with a doc comment, the preamble gains the
  // comment group's text (commentText) and a newline.
  void buildPreamble(GoFile &F) {
    for (const CImport &CI : F.CImports) {
      if (!CI.Doc)
        continue;
      for (std::size_t K = 0; K < Toks.size(); ++K) {
        const Token &T = Toks[K];
        if (T.Kind != Tok::Comment || T.Begin < CI.Doc->Begin ||
            T.End > CI.Doc->End)
          continue;
        std::string_view C = text(T);
        std::size_t Body = T.Begin + 2;
        std::size_t Len;
        if (C[1] == '/') {
          Len = C.size() - 2;
        } else {
          Len = C.size() >= 4 && C.substr(C.size() - 2) == "*/" ? C.size() - 4
                                                                : C.size() - 2;
        }
        F.PreambleMap.addSegment(F.Preamble.size(), Body, Len);
        F.Preamble.append(Text.substr(Body, Len));
        if (C[1] == '/')
          F.Preamble.push_back('\n'); // maps to the end of the comment
      }
      F.Preamble.push_back('\n');
    }
    // go/scanner drops carriage returns from comments; blank them in place so
    // offsets stay aligned.
    std::replace(F.Preamble.begin(), F.Preamble.end(), '\r', ' ');
  }

  // Build constraints: //go:build and // +build lines in the comments before
  // the package clause (go/build's shouldBuild). A +build line counts only if
  // a blank line follows it before the package clause.
  void parseHeader(GoFile &F) {
    std::size_t PkgIdx = 0;
    while (Toks[PkgIdx].Kind == Tok::Comment)
      ++PkgIdx;
    std::size_t HeaderEnd = Toks[PkgIdx].Begin;
    std::string_view Header = Text.substr(0, HeaderEnd);
    // The end of the last blank line in the header.
    std::size_t LastBlank = 0;
    std::size_t LineStart = 0;
    while (LineStart < Header.size()) {
      std::size_t E = Header.find('\n', LineStart);
      std::size_t LineEnd = E == std::string_view::npos ? Header.size() : E;
      std::string_view L = Header.substr(LineStart, LineEnd - LineStart);
      if (L.find_first_not_of(" \t\r") == std::string_view::npos &&
          E != std::string_view::npos)
        LastBlank = LineStart;
      LineStart = LineEnd + 1;
    }
    for (std::size_t K = 0; K < PkgIdx; ++K) {
      const Token &T = Toks[K];
      std::string_view C = text(T);
      if (C.substr(0, 2) == "/*")
        continue; // lines inside /* */ are not constraints
      // Must start its line.
      std::size_t LS = Text.rfind('\n', T.Begin == 0 ? 0 : T.Begin - 1);
      LS = (LS == std::string_view::npos || T.Begin == 0) ? 0 : LS + 1;
      if (Text.substr(LS, T.Begin - LS).find_first_not_of(" \t") !=
          std::string_view::npos)
        continue;
      std::string_view Body = C.substr(2);
      while (!Body.empty() &&
             (Body.back() == '\r' || Body.back() == ' ' || Body.back() == '\t'))
        Body.remove_suffix(1);
      if (C.substr(0, 10) == "//go:build" &&
          (C.size() == 10 || C[10] == ' ' || C[10] == '\t')) {
        if (!F.GoBuild) {
          std::string_view E = Body.substr(8);
          while (!E.empty() && (E.front() == ' ' || E.front() == '\t'))
            E.remove_prefix(1);
          F.GoBuild = std::string(E);
        }
        continue;
      }
      std::size_t P = Body.find_first_not_of(" \t");
      if (P != std::string_view::npos && Body.substr(P, 6) == "+build" &&
          (Body.size() == P + 6 || Body[P + 6] == ' ' || Body[P + 6] == '\t') &&
          T.Begin < LastBlank)
        F.PlusBuild.push_back(std::string(Body.substr(P + 6)));
    }
  }
};

} // namespace

GoFile parseGoFile(std::string Path, std::string_view Text) {
  return Parser(Text).parse(std::move(Path));
}

} // namespace cgols::go
