//===- GoUses.h - What Go code does with C names, read from its syntax ----===//
//
// The Go side of cgo as the Go compiler checks it after cmd/cgo has
// rewritten the file: the calls C.f(...) with their arguments, what their
// results initialise, the fields read from variables of C struct types, and
// the C strings C.CString/C.CBytes allocate and what becomes of them.
//
// Read from the tokens alone (no type checker): an expression is modelled
// only in the shapes whose Go type the file says plainly (literals, a local
// declared once with a written type or a plain initialiser, T(x), len(x),
// C.f(...)); anything else is Unknown, and a check says nothing about it.
// A name declared more than once in a function (shadowed, redeclared in a
// closure) is Unknown there too.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "GoFile.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cgols::go {

struct Expr {
  enum class Kind {
    Unknown,
    String, ///< an untyped string constant ("..." or `...`)
    Int,    ///< an untyped integer constant
    Float,  ///< an untyped floating-point constant
    Rune,   ///< an untyped rune constant
    Nil,
    Ident,     ///< a name (Text)
    Call,      ///< Callee(Args...): a call or a conversion
    Composite, ///< Text{...}: a composite literal of a named type
    Paren,     ///< (Args[0])
    Star,      ///< *Args[0] (a pointer type, as in (*C.char)(p))
  };
  Kind K = Kind::Unknown;
  Range Where;
  std::string Text; ///< literals and names as written; "C.x" for a C name
  std::vector<Expr> Args;
  Range LParen, RParen; ///< Call
};

/// A local name of a function: a parameter, a result, a var or a := (its
/// written type, or its initialiser). Declared more than once in the
/// function: Ambiguous.
struct Local {
  std::string Name;
  std::string Type; ///< the type as written, tokens joined ("*C.char")
  bool HasInit = false;
  Expr Init;
  bool Ambiguous = false;
  Range Where;
};

struct Function {
  std::string Name;
  Range Body; ///< from { to }
  std::map<std::string, Local> Locals;
  /// The single result's written type, when it has exactly one.
  std::string Result;
};

/// C.f(args) in a function body; Fun is "C.f".
struct CCall {
  std::size_t Func = 0; ///< index into GoUses::Funcs
  std::string Name;
  Expr Call; ///< K == Call
  /// Where the result goes, when the file says its type: `var x T = C.f()`
  /// ("variable declaration") or `return C.f()` ("return statement").
  std::string Target;  ///< the written type
  std::string Context; ///< the compiler's words for the place
  bool Deferred = false;
};

/// x.Field where x is a local.
struct FieldUse {
  std::size_t Func = 0;
  std::string Var, Field;
  Range Where; ///< the field name
  Range Whole; ///< x.Field
};

/// A C string allocated and, as far as the function shows, never freed:
/// assigned to a local that is only passed to C calls (Var), or passed
/// straight to a C call (Var empty).
struct CStringLeak {
  std::size_t Func = 0;
  std::string Var;
  std::string Helper; ///< "CString" or "CBytes"
  /// The C functions it is passed to (without "C.").
  std::vector<std::string> Callees;
  Range Where; ///< the C.CString(...) call
  /// The end of the statement that assigns it (where a `defer C.free`
  /// goes), and that line's indentation.
  std::size_t StatementEnd = 0;
  std::string Indent;
};

/// A type the file declares at top level.
struct TypeDecl {
  std::string Name;
  bool Alias = false;     ///< type T = U
  std::string Underlying; ///< "struct", a one-word type ("int"), or ""
  bool Ambiguous = false; ///< declared twice
};

struct GoUses {
  std::map<std::string, TypeDecl> Types;
  std::vector<Function> Funcs;
  std::vector<CCall> Calls;
  std::vector<FieldUse> Fields;
  std::vector<CStringLeak> Leaks;
};

/// Reads the function bodies of a Go file (any byte string: what cannot be
/// read is absent).
GoUses readGoUses(std::string_view Text);

/// The local of that name in Funcs[Func] (null when absent or ambiguous).
const Local *localOf(const GoUses &U, std::size_t Func,
                     const std::string &Name);

} // namespace cgols::go
