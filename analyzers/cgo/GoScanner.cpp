//===- GoScanner.cpp - A Go tokenizer faithful to go/scanner --------------===//
//
// Rules taken from the Go specification ("Tokens", "Semicolons", "Comments"):
// a newline or end of file ends a line's token sequence with an automatic
// semicolon after an identifier, a basic literal, one of the keywords break,
// continue, fallthrough, return, or one of ++ -- ) ] }. A comment that runs to
// the end of the line (a // comment, or a /* */ comment holding a newline, or
// followed only by such comments) acts like a newline there: go/scanner then
// emits the semicolon at the comment's start, before the comment itself.
//
//===----------------------------------------------------------------------===//
#include "GoScanner.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace cgols::go {
namespace {

bool isLetter(unsigned char C) {
  // Any non-ASCII byte is treated as part of an identifier: valid UTF-8
  // letters are, and invalid bytes must not derail the scan.
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || C == '_' ||
         C >= 0x80;
}
bool isDigit(unsigned char C) { return C >= '0' && C <= '9'; }

class Scanner {
public:
  explicit Scanner(std::string_view Text) : S(Text) {
    // A byte order mark at the start is ignored.
    if (S.substr(0, 3) == "\xEF\xBB\xBF")
      Pos = 3;
  }

  std::vector<Token> run() {
    std::vector<Token> Out;
    for (;;) {
      Token T = next();
      Out.push_back(T);
      if (T.Kind == Tok::EndOfFile)
        break;
    }
    return Out;
  }

private:
  std::string_view S;
  std::size_t Pos = 0;
  std::size_t Line = 1;
  bool InsertSemi = false;

  unsigned char at(std::size_t I) const {
    return I < S.size() ? static_cast<unsigned char>(S[I]) : 0;
  }
  bool atEnd() const { return Pos >= S.size(); }

  void advanceTo(std::size_t NewPos) {
    NewPos = std::min(NewPos, S.size());
    Line += static_cast<std::size_t>(
        std::count(S.begin() + Pos, S.begin() + NewPos, '\n'));
    Pos = NewPos;
  }

  Token make(Tok K, std::size_t Begin, std::size_t BeginLine) {
    return Token{K, Begin, Pos, BeginLine, false};
  }

  // Whether the comment(s) starting at P reach the end of the line before
  // any other token (go/scanner's findLineEnd).
  bool commentsReachLineEnd(std::size_t P) const {
    for (;;) {
      if (at(P) == '/' && at(P + 1) == '/')
        return true;
      if (at(P) == '/' && at(P + 1) == '*') {
        std::size_t E = S.find("*/", P + 2);
        if (E == std::string_view::npos)
          return true;
        if (S.substr(P, E - P).find('\n') != std::string_view::npos)
          return true;
        P = E + 2;
      }
      while (at(P) == ' ' || at(P) == '\t' || at(P) == '\r')
        ++P;
      if (P >= S.size() || at(P) == '\n')
        return true;
      if (!(at(P) == '/' && (at(P + 1) == '/' || at(P + 1) == '*')))
        return false;
    }
  }

  Token next() {
    // Skip white space, stopping at a newline that ends a statement.
    while (!atEnd()) {
      unsigned char C = at(Pos);
      if (C == ' ' || C == '\t' || C == '\r' || (C == '\n' && !InsertSemi))
        advanceTo(Pos + 1);
      else
        break;
    }
    std::size_t Begin = Pos, BeginLine = Line;
    if (atEnd()) {
      if (InsertSemi) {
        InsertSemi = false;
        Token T{Tok::Semicolon, Begin, Begin, BeginLine, true};
        return T;
      }
      return make(Tok::EndOfFile, Begin, BeginLine);
    }
    unsigned char C = at(Pos);
    bool WasInsertSemi = InsertSemi;
    InsertSemi = false;

    if (C == '\n') { // only reached when InsertSemi was set
      Token T{Tok::Semicolon, Begin, Begin + 1, BeginLine, true};
      advanceTo(Pos + 1);
      return T;
    }
    if (C == '/' && (at(Pos + 1) == '/' || at(Pos + 1) == '*')) {
      if (WasInsertSemi && commentsReachLineEnd(Pos)) {
        // The semicolon comes first; the comment is scanned next time.
        return Token{Tok::Semicolon, Begin, Begin, BeginLine, true};
      }
      if (at(Pos + 1) == '/') {
        std::size_t E = S.find('\n', Pos);
        advanceTo(E == std::string_view::npos ? S.size() : E);
      } else {
        std::size_t E = S.find("*/", Pos + 2);
        advanceTo(E == std::string_view::npos ? S.size() : E + 2);
      }
      return make(Tok::Comment, Begin, BeginLine);
    }
    if (isLetter(C)) {
      std::size_t P = Pos;
      while (P < S.size() && (isLetter(at(P)) || isDigit(at(P))))
        ++P;
      advanceTo(P);
      std::string_view W = S.substr(Begin, Pos - Begin);
      InsertSemi = !isKeyword(W) || W == "break" || W == "continue" ||
                   W == "fallthrough" || W == "return";
      return make(Tok::Ident, Begin, BeginLine);
    }
    if (isDigit(C) || (C == '.' && isDigit(at(Pos + 1)))) {
      std::size_t P = Pos;
      while (P < S.size()) {
        unsigned char D = at(P);
        if (isDigit(D) || isLetter(D) || D == '.' || D == '_') {
          ++P;
        } else if ((D == '+' || D == '-') && P > Begin &&
                   std::strchr("eEpP", at(P - 1)) && at(P - 1) != 0) {
          ++P;
        } else {
          break;
        }
      }
      advanceTo(P);
      InsertSemi = true;
      return make(Tok::Number, Begin, BeginLine);
    }
    if (C == '"' || C == '\'') {
      std::size_t P = Pos + 1;
      while (P < S.size() && at(P) != C && at(P) != '\n') {
        if (at(P) == '\\' && P + 1 < S.size() && at(P + 1) != '\n')
          ++P;
        ++P;
      }
      if (at(P) == C)
        ++P;
      advanceTo(P);
      InsertSemi = true;
      return make(C == '"' ? Tok::String : Tok::Char, Begin, BeginLine);
    }
    if (C == '`') {
      std::size_t E = S.find('`', Pos + 1);
      advanceTo(E == std::string_view::npos ? S.size() : E + 1);
      InsertSemi = true;
      return make(Tok::RawString, Begin, BeginLine);
    }
    if (C == ';') {
      advanceTo(Pos + 1);
      return make(Tok::Semicolon, Begin, BeginLine);
    }
    // Operators: only the ones that affect semicolon insertion need their
    // exact extent; others are scanned longest-first for faithful ranges.
    static const std::array<const char *, 26> Multi = {
        "<<=", ">>=", "&^=", "...", "&&", "||", "<-", "++", "--",
        "==",  "!=",  "<=",  ">=",  ":=", "+=", "-=", "*=", "/=",
        "%=",  "&=",  "|=",  "^=",  "<<", ">>", "&^", "~"};
    for (const char *Op : Multi) {
      std::size_t L = std::strlen(Op);
      if (S.substr(Pos, L) == Op) {
        advanceTo(Pos + L);
        InsertSemi = (std::strcmp(Op, "++") == 0 || std::strcmp(Op, "--") == 0);
        return make(Tok::Punct, Begin, BeginLine);
      }
    }
    if (std::strchr("+-*/%&|^<>=!()[]{},.:", C) && C != 0) {
      advanceTo(Pos + 1);
      InsertSemi = (C == ')' || C == ']' || C == '}');
      return make(Tok::Punct, Begin, BeginLine);
    }
    // Anything else (NUL, stray bytes, '#', '$', '?', '@', '\\') is illegal.
    advanceTo(Pos + 1);
    InsertSemi = WasInsertSemi;
    return make(Tok::Illegal, Begin, BeginLine);
  }
};

} // namespace

bool isKeyword(std::string_view W) {
  static const std::array<std::string_view, 25> Keywords = {
      "break",     "case",   "chan",    "const",       "continue",
      "default",   "defer",  "else",    "fallthrough", "for",
      "func",      "go",     "goto",    "if",          "import",
      "interface", "map",    "package", "range",       "return",
      "select",    "struct", "switch",  "type",        "var"};
  return std::find(Keywords.begin(), Keywords.end(), W) != Keywords.end();
}

std::vector<Token> scan(std::string_view Text) { return Scanner(Text).run(); }

} // namespace cgols::go
