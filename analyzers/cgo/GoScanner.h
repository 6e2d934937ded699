//===- GoScanner.h - A Go tokenizer faithful to go/scanner ----------------===//
//
// cgols needs the exact comment and line structure go/parser sees, because the
// preamble is defined in its terms (doc comments, blank lines). This scanner
// reproduces go/scanner's token boundaries, comments and automatic semicolons
// for any byte string: invalid UTF-8, NUL bytes and unterminated literals
// produce Illegal tokens or short literals, never a failure.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace cgols::go {

enum class Tok {
  EndOfFile,
  Illegal,
  Comment,
  Ident,
  Number,
  Char,
  String,    // "interpreted"
  RawString, // `raw`
  Semicolon, // explicit ';' or automatic (then the text is "\n" or empty)
  Punct,     // any operator or delimiter
};

struct Token {
  Tok Kind = Tok::EndOfFile;
  std::size_t Begin = 0;
  std::size_t End = 0;
  std::size_t Line = 0; ///< 1-based line of Begin
  bool Auto = false;    ///< an automatically inserted semicolon
};

/// Tokenizes Text entirely, comments included. The last token is EndOfFile.
std::vector<Token> scan(std::string_view Text);

/// True for Go keywords after which go/scanner does not insert a semicolon
/// but which are identifiers to this scanner.
bool isKeyword(std::string_view Word);

} // namespace cgols::go
