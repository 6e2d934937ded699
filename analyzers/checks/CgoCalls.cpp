//===- CgoCalls.cpp - The Go side of C calls, as the Go compiler sees it --===//
//
// Check: go-side-calls. Codes: cgo-variadic-call, cgo-argument-count,
// cgo-argument-type, cgo-result-type, cgo-struct-field, cgo-cstring-leak.
//
// What: what the Go compiler (or cmd/cgo) rejects in Go code that uses C
// names, found from the preamble's declarations (CGoShape, per target) and
// the Go file's syntax (go::GoUses): calls of variadic C functions, argument
// counts, arguments and results whose Go type is not the C type's Go type,
// fields cgo does not give Go; and C strings a function allocates and never
// frees, which go build never mentions.
// Why: go build reports these only after cgo has run, in its own names
// (_Cfunc_add, _Ctype_int); gopls only for saved files on the host.
// Example: C.puts("hello"): cannot use "hello" (untyped string constant) as
// *_Ctype_char value in argument to (_Cfunc_puts).
// Fix: C.CString with a deferred C.free, a conversion (C.int(n)), a
// fixed-argument wrapper in the preamble, a deferred C.free.
//
// The messages are the installed go command's: Go 1.19 and older say
// "as type T in", Go 1.20 and later "as T value in" (types2's
// compilerErrorMessages), Go 1.24 and later name the kind of a named type
// ("variable of int32 type _Ctype_int").
//
//===----------------------------------------------------------------------===//
#include "Check.h"
#include "cgo/GoUses.h"
#include "pipeline/LibraryVersions.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

namespace cgols {
namespace {

using go::Expr;

const std::set<std::string> &goBasicTypes() {
  static const std::set<std::string> B = {
      "bool",      "string",     "int",     "int8",    "int16",
      "int32",     "int64",      "uint",    "uint8",   "uint16",
      "uint32",    "uint64",     "uintptr", "float32", "float64",
      "complex64", "complex128", "byte",    "rune"};
  return B;
}

const std::set<std::string> &cBuiltinTypes() {
  static const std::set<std::string> B = {
      "char", "schar", "uchar",    "short",     "ushort", "int",   "uint",
      "long", "ulong", "longlong", "ulonglong", "float",  "double"};
  return B;
}

/// The same type: byte is uint8 and rune is int32 (also inside *T, []T).
bool same(std::string A, std::string B) {
  auto Canon = [](std::string T) {
    for (auto [From, To] :
         {std::pair<std::string, std::string>{"byte", "uint8"},
          {"rune", "int32"}}) {
      std::size_t P = T.find_first_not_of("*[]0123456789");
      if (P != std::string::npos && T.compare(P, std::string::npos, From) == 0)
        T = T.substr(0, P) + To;
    }
    return T;
  };
  return Canon(std::move(A)) == Canon(std::move(B));
}

bool isIntegerType(const std::string &T) {
  static const std::set<std::string> I = {"byte",
                                          "rune",
                                          "int",
                                          "int8",
                                          "int16",
                                          "int32",
                                          "int64",
                                          "uint",
                                          "uint8",
                                          "uint16",
                                          "uint32",
                                          "uint64",
                                          "uintptr",
                                          "_Ctype_char",
                                          "_Ctype_schar",
                                          "_Ctype_uchar",
                                          "_Ctype_short",
                                          "_Ctype_ushort",
                                          "_Ctype_int",
                                          "_Ctype_uint",
                                          "_Ctype_long",
                                          "_Ctype_ulong",
                                          "_Ctype_longlong",
                                          "_Ctype_ulonglong"};
  return I.count(T) != 0;
}

bool isPointerType(const std::string &T) {
  return (!T.empty() && T[0] == '*') || T == "unsafe.Pointer";
}

/// An operand as types2 describes it.
struct Operand {
  enum class Mode { Unknown, Untyped, Constant, Variable, Value, Nil };
  Mode M = Mode::Unknown;
  std::string Type;      ///< typed: the type; untyped: "string", "int"...
  std::string Text;      ///< the expression as the compiler prints it
  std::string Value;     ///< Constant: its value
  bool Fraction = false; ///< an untyped float with a fractional part
  bool known() const { return M != Mode::Unknown; }
};

class Typer {
public:
  Typer(const CheckContext &C, const CompileResult &R, const go::GoUses &U,
        std::size_t Func)
      : C(C), R(R), U(U), Func(Func) {}

  /// A written Go type in cgo's spelling ("*C.char" -> "*_Ctype_char"),
  /// or "".
  std::string type(std::string W) const {
    std::string Stars;
    while (!W.empty() && W[0] == '*') {
      Stars += '*';
      W.erase(0, 1);
    }
    // byte and rune keep their names: the compiler prints them so (and
    // they are identical to uint8 and int32: see same()).
    if (goBasicTypes().count(W) || W == "unsafe.Pointer")
      return local(W) ? "" : Stars + W;
    // A type this file defines (not an alias: an alias of a C type is that
    // type), unless a local shadows it.
    // Only over a basic type or a struct: a defined type over a pointer
    // (type GResource *C.GResource) is assignable to that pointer type.
    if (auto It = U.Types.find(W); It != U.Types.end()) {
      const go::TypeDecl &D = It->second;
      bool Plain = D.Underlying == "struct" ||
                   (goBasicTypes().count(D.Underlying) && !local(D.Underlying));
      return D.Alias || D.Ambiguous || !Plain || local(W) ? "" : Stars + W;
    }
    if (W.rfind("C.", 0) == 0) {
      std::string N = W.substr(2);
      if (cBuiltinTypes().count(N))
        return Stars + "_Ctype_" + N;
      if (const CGoShape *S = findGoShape(R, N))
        if (S->K == CGoShape::Kind::Type && !S->Type.empty())
          return Stars + S->Type;
    }
    return "";
  }

  /// The shape of a C type named after C. (a typedef, struct_x, union_x).
  const CGoShape *cType(const std::string &W) const {
    if (W.rfind("C.", 0) != 0)
      return nullptr;
    const CGoShape *S = findGoShape(R, W.substr(2));
    return S && S->K == CGoShape::Kind::Type ? S : nullptr;
  }

  bool local(const std::string &Name) const {
    return Func < U.Funcs.size() && U.Funcs[Func].Locals.count(Name);
  }

  /// Whether a call C.f(...) is rewritten by cgo for pointer checks (its
  /// messages then name _cgoN and _Cfunc_f).
  static bool rewritten(const CGoShape &S, const Expr &Call) {
    if (Call.Args.size() != S.Params.size())
      return false;
    for (std::size_t I = 0; I < S.Params.size(); ++I)
      if (I < S.PointerChecked.size() && S.PointerChecked[I] &&
          Call.Args[I].K != Expr::Kind::Nil)
        return true;
    return false;
  }

  std::string print(const Expr &X) const {
    switch (X.K) {
    case Expr::Kind::Call: {
      std::string Out = callee(X.Text);
      Out += "(";
      for (std::size_t I = 0; I < X.Args.size(); ++I)
        Out += (I ? ", " : "") + print(X.Args[I]);
      return Out + ")";
    }
    case Expr::Kind::Paren:
      return "(" + (X.Args.empty() ? "" : print(X.Args[0])) + ")";
    case Expr::Kind::Star:
      return "*" + (X.Args.empty() ? "" : print(X.Args[0]));
    default:
      if (X.Text.rfind("C.", 0) == 0)
        return "_Ctype_" + X.Text.substr(2);
      return X.Text;
    }
  }

  Operand operand(const Expr &X, int Depth = 0) const {
    Operand O;
    if (Depth > 6)
      return O;
    O.Text = print(X);
    switch (X.K) {
    case Expr::Kind::String:
      O.M = Operand::Mode::Untyped;
      O.Type = "string";
      return O;
    case Expr::Kind::Int:
      O.M = Operand::Mode::Untyped;
      O.Type = "int";
      O.Value = intValue(X.Text);
      return O;
    case Expr::Kind::Rune:
      O.M = Operand::Mode::Untyped;
      O.Type = "rune";
      return O;
    case Expr::Kind::Float: {
      O.M = Operand::Mode::Untyped;
      O.Type = "float";
      std::string T;
      for (char Ch : X.Text)
        if (Ch != '_')
          T += Ch;
      double V = std::strtod(T.c_str(), nullptr);
      O.Fraction = std::isfinite(V) && V != std::floor(V);
      return O;
    }
    case Expr::Kind::Nil:
      O.M = Operand::Mode::Nil;
      return O;
    case Expr::Kind::Ident: {
      if (X.Text.find('.') != std::string::npos)
        return O;
      const go::Local *L = go::localOf(U, Func, X.Text);
      if (!L)
        return O;
      std::string T;
      if (!L->Type.empty())
        T = type(L->Type);
      else if (L->HasInit)
        T = defaultType(operand(L->Init, Depth + 1));
      if (T.empty())
        return O;
      O.M = Operand::Mode::Variable;
      O.Type = T;
      return O;
    }
    case Expr::Kind::Paren: {
      if (X.Args.empty())
        return O;
      Operand In = operand(X.Args[0], Depth + 1);
      In.Text = O.Text;
      return In;
    }
    case Expr::Kind::Call:
      return call(X, O, Depth);
    case Expr::Kind::Composite: {
      std::string T = type(X.Text);
      if (T.empty())
        return O;
      O.M = Operand::Mode::Value;
      O.Type = T;
      O.Text =
          (X.Text.rfind("C.", 0) == 0 ? "_Ctype_" + X.Text.substr(2) : X.Text) +
          "{…}";
      return O;
    }
    default:
      return O;
    }
  }

  /// An integer type, or a type of this file defined over one.
  bool integer(const std::string &T) const {
    auto It = U.Types.find(T);
    return isIntegerType(It == U.Types.end() ? T : It->second.Underlying);
  }

  /// Whether the installed Go's words for O are known (Go 1.24 names the
  /// kind of a named type: that of a type of this file must be plain).
  bool describable(const Operand &O) const {
    if (!C.O.GoVer.atLeast(24) || O.M == Operand::Mode::Untyped)
      return true;
    std::string T = O.Type;
    auto It = U.Types.find(T);
    return It == U.Types.end() || !It->second.Underlying.empty();
  }

  static std::string defaultType(const Operand &O) {
    switch (O.M) {
    case Operand::Mode::Untyped:
      return O.Type == "float" ? "float64" : O.Type == "rune" ? "rune" : O.Type;
    case Operand::Mode::Constant:
    case Operand::Mode::Variable:
    case Operand::Mode::Value:
      return O.Type;
    default:
      return "";
    }
  }

  /// How types2 describes the operand in parentheses.
  std::string describe(const Operand &O) const {
    switch (O.M) {
    case Operand::Mode::Untyped:
      return "untyped " + O.Type + " constant";
    case Operand::Mode::Constant:
      return "constant " + O.Value + " of " + kind(O.Type) + "type " + O.Type;
    case Operand::Mode::Variable:
      return "variable of " + kind(O.Type) + "type " + O.Type;
    case Operand::Mode::Value:
      return "value of " + kind(O.Type) + "type " + O.Type;
    default:
      return "";
    }
  }

  /// "cannot use X (...) as T ..." in the installed Go's words; Context is
  /// "argument to (_Cfunc_f)", "variable declaration"...
  std::string cannotUse(const Operand &O, const std::string &T,
                        const std::string &Context) const {
    std::string S = "cannot use " + O.Text + " (" + describe(O) + ") as ";
    if (O.M == Operand::Mode::Untyped || C.O.GoVer.atLeast(20))
      S += T + " value in " + Context;
    else
      S += "type " + T + " in " + Context;
    if (O.M == Operand::Mode::Untyped && O.Fraction && isIntegerType(T))
      S += " (truncated)";
    return S;
  }

  /// Whether O cannot be assigned to T (both known).
  static bool mismatch(const Operand &O, const std::string &T) {
    if (T.empty() || !O.known() || O.M == Operand::Mode::Nil)
      return false;
    if (O.M == Operand::Mode::Untyped) {
      if (O.Type == "string")
        return T != "string";
      if (isPointerType(T))
        return true;
      if (O.Type == "float" && O.Fraction)
        return isIntegerType(T);
      return false;
    }
    if (O.Type.empty())
      return false;
    return !same(O.Type, T);
  }

private:
  const CheckContext &C;
  const CompileResult &R;
  const go::GoUses &U;
  std::size_t Func;

  static std::string intValue(const std::string &Lit) {
    std::string T;
    for (char Ch : Lit)
      if (Ch != '_')
        T += Ch;
    int Base = 10;
    std::size_t Skip = 0;
    if (T.size() > 1 && T[0] == '0') {
      char B = static_cast<char>(std::tolower(T[1]));
      if (B == 'x')
        Base = 16, Skip = 2;
      else if (B == 'o')
        Base = 8, Skip = 2;
      else if (B == 'b')
        Base = 2, Skip = 2;
      else
        Base = 8, Skip = 1;
    }
    errno = 0;
    char *End = nullptr;
    unsigned long long V = std::strtoull(T.c_str() + Skip, &End, Base);
    if (errno || !End || *End)
      return Lit;
    return std::to_string(V);
  }

  // Go 1.24 and later: "of int32 type _Ctype_int", "of struct type ...".
  std::string kind(const std::string &T) const {
    if (!C.O.GoVer.atLeast(24))
      return "";
    if (auto It = U.Types.find(T); It != U.Types.end())
      return It->second.Underlying.empty()
                 ? ""
                 : (goBasicTypes().count(It->second.Underlying)
                        ? type(It->second.Underlying)
                        : It->second.Underlying) +
                       " ";
    if (T.rfind("_Ctype_struct_", 0) == 0)
      return "struct ";
    static const std::map<std::string, std::string> Under = {
        {"_Ctype_schar", "int8"},     {"_Ctype_uchar", "uint8"},
        {"_Ctype_short", "int16"},    {"_Ctype_ushort", "uint16"},
        {"_Ctype_int", "int32"},      {"_Ctype_uint", "uint32"},
        {"_Ctype_long", "int64"},     {"_Ctype_ulong", "uint64"},
        {"_Ctype_longlong", "int64"}, {"_Ctype_ulonglong", "uint64"},
        {"_Ctype_float", "float32"},  {"_Ctype_double", "float64"},
        {"_Ctype__Bool", "bool"}};
    if (T == "_Ctype_char")
      return C.V->T.GOOS == "linux" && C.V->T.GOARCH == "arm64" ? "uint8 "
                                                                : "int8 ";
    auto It = Under.find(T);
    return It == Under.end() ? "" : It->second + " ";
  }

  std::string callee(const std::string &Text) const {
    if (Text.rfind("C.", 0) == 0) {
      std::string N = Text.substr(2);
      if (N == "CString" || N == "CBytes" || N == "GoString" ||
          N == "GoStringN" || N == "GoBytes")
        return "_Cfunc_" + N;
      const CGoShape *S = findGoShape(R, N);
      if (S && S->K == CGoShape::Kind::Function)
        return "(_Cfunc_" + N + ")";
      return "_Ctype_" + N;
    }
    // (*C.char): the parenthesised type.
    std::string Out;
    for (std::size_t I = 0; I < Text.size(); ++I) {
      if (Text.compare(I, 2, "C.") == 0 &&
          (I == 0 || !(std::isalnum(static_cast<unsigned char>(Text[I - 1])) ||
                       Text[I - 1] == '_'))) {
        Out += "_Ctype_";
        ++I;
        continue;
      }
      Out += Text[I];
    }
    return Out;
  }

  // A local whose written type is not an array or a pointer to one (len
  // of those is a constant).
  bool notArray(const std::string &Name) const {
    const go::Local *L = go::localOf(U, Func, Name);
    if (!L || L->Type.empty())
      return false;
    std::string T = L->Type;
    if (T[0] == '*')
      T.erase(0, 1);
    return !(T.size() > 1 && T[0] == '[' && T[1] != ']');
  }

  bool constant(const Expr &Arg, int Depth) const {
    Operand A = operand(Arg, Depth + 1);
    return A.M == Operand::Mode::Untyped || A.M == Operand::Mode::Constant;
  }
  bool variable(const Expr &Arg, int Depth) const {
    Operand A = operand(Arg, Depth + 1);
    return A.M == Operand::Mode::Variable || A.M == Operand::Mode::Value;
  }

  // A conversion T(x): constant when x is, a value when x is a variable or
  // a value; otherwise not known (x may be a constant declared elsewhere).
  Operand conversion(const Expr &X, Operand O, const std::string &T,
                     int Depth) const {
    if (T.empty() || X.Args.size() != 1)
      return O;
    O.Type = T;
    if (constant(X.Args[0], Depth)) {
      Operand A = operand(X.Args[0], Depth + 1);
      if (A.M == Operand::Mode::Constant)
        O.Value = A.Value;
      else if (A.Type == "int" && !A.Value.empty())
        O.Value = A.Value;
      else
        return O; // a float or rune constant's value: not printed here
      O.M = isPointerType(T) ? Operand::Mode::Value : Operand::Mode::Constant;
    } else if (variable(X.Args[0], Depth) ||
               (X.Args[0].K == Expr::Kind::Nil && isPointerType(T))) {
      O.M = Operand::Mode::Value;
    }
    return O;
  }

  Operand call(const Expr &X, Operand O, int Depth) const {
    const std::string &Fn = X.Text;
    if ((Fn == "len" || Fn == "cap") && !local(Fn) && X.Args.size() == 1 &&
        X.Args[0].K == Expr::Kind::Ident && notArray(X.Args[0].Text)) {
      O.M = Operand::Mode::Value;
      O.Type = "int";
      return O;
    }
    if (Fn == "unsafe.Pointer" && X.Args.size() == 1) {
      O.M = Operand::Mode::Value;
      O.Type = "unsafe.Pointer";
      return O;
    }
    if (goBasicTypes().count(Fn))
      return conversion(X, O, type(Fn), Depth);
    if (Fn.rfind("C.", 0) == 0) {
      std::string N = Fn.substr(2);
      // cgo's own functions (cmd/cgo/out.go): C.CString(string) *C.char...
      static const std::map<std::string, std::string> Helpers = {
          {"CString", "*_Ctype_char"},
          {"CBytes", "unsafe.Pointer"},
          {"GoString", "string"},
          {"GoStringN", "string"},
          {"GoBytes", "[]uint8"}};
      if (auto It = Helpers.find(N); It != Helpers.end()) {
        O.M = Operand::Mode::Value;
        O.Type = It->second;
        return O;
      }
      const CGoShape *S = findGoShape(R, N);
      if (S && S->K == CGoShape::Kind::Function) {
        if (S->Void || S->Result.empty() || rewritten(*S, X) || S->Variadic ||
            X.Args.size() != S->Params.size())
          return O;
        O.M = Operand::Mode::Value;
        O.Type = S->Result;
        return O;
      }
      return conversion(X, O, type(Fn), Depth);
    }
    if (Fn.size() > 2 && Fn.front() == '(' && Fn.back() == ')')
      return conversion(X, O, type(Fn.substr(1, Fn.size() - 2)), Depth);
    return O;
  }
};

std::string typesList(const std::vector<std::string> &Ts) {
  std::string S = "(";
  for (std::size_t I = 0; I < Ts.size(); ++I)
    S += (I ? ", " : "") + Ts[I];
  return S + ")";
}

// C spelling of an argument's type, for a wrapper's parameter.
std::string cTypeOf(const Operand &O) {
  static const std::map<std::string, std::string> M = {
      {"_Ctype_char", "char"},
      {"_Ctype_schar", "signed char"},
      {"_Ctype_uchar", "unsigned char"},
      {"_Ctype_short", "short"},
      {"_Ctype_ushort", "unsigned short"},
      {"_Ctype_int", "int"},
      {"_Ctype_uint", "unsigned int"},
      {"_Ctype_long", "long"},
      {"_Ctype_ulong", "unsigned long"},
      {"_Ctype_longlong", "long long"},
      {"_Ctype_ulonglong", "unsigned long long"},
      {"_Ctype_float", "double"}, // promoted through ...
      {"_Ctype_double", "double"},
      {"unsafe.Pointer", "void *"}};
  if (O.M == Operand::Mode::Untyped)
    return O.Type == "int" || O.Type == "rune" ? "int"
           : O.Type == "float"                 ? "double"
                                               : "";
  if (O.M != Operand::Mode::Variable && O.M != Operand::Mode::Value &&
      O.M != Operand::Mode::Constant)
    return "";
  std::string T = O.Type;
  int Stars = 0;
  while (!T.empty() && T[0] == '*') {
    ++Stars;
    T.erase(0, 1);
  }
  auto It = M.find(T);
  std::string Base;
  if (It != M.end())
    Base = Stars && T == "_Ctype_float" ? "float" : It->second;
  else if (T.rfind("_Ctype_struct_", 0) == 0 && Stars)
    Base = "struct " + T.substr(14);
  else
    return "";
  return Base + (Stars ? " " + std::string(Stars, '*') : "");
}

// How Go code names a C parameter type: "C.size_t" for size_t, "C.ulong"
// for unsigned long; "" when it has no such name.
std::string cName(const std::string &CType) {
  static const std::map<std::string, std::string> M = {
      {"unsigned int", "uint"},     {"unsigned long", "ulong"},
      {"long long", "longlong"},    {"unsigned long long", "ulonglong"},
      {"unsigned char", "uchar"},   {"signed char", "schar"},
      {"unsigned short", "ushort"}, {"long int", "long"},
      {"unsigned", "uint"}};
  if (auto It = M.find(CType); It != M.end())
    return "C." + It->second;
  for (char Ch : CType)
    if (!(std::isalnum(static_cast<unsigned char>(Ch)) || Ch == '_'))
      return "";
  return CType.empty() ? "" : "C." + CType;
}

std::optional<Fix> wrapperFix(const SourceFile &F, const CGoShape &S,
                              const go::CCall &Call, const Typer &Ty,
                              const CompileResult &R) {
  if (Call.Call.Args.size() < S.CParams.size())
    return std::nullopt;
  std::vector<std::string> Types = S.CParams;
  for (std::size_t I = S.CParams.size(); I < Call.Call.Args.size(); ++I) {
    std::string T = cTypeOf(Ty.operand(Call.Call.Args[I]));
    if (T.empty())
      return std::nullopt;
    Types.push_back(T);
  }
  std::string Name = S.Name + "_" + std::to_string(Types.size()) + "args";
  if (R.DeclaredNames.contains(Name))
    return std::nullopt; // written already: the call is what to change
  std::string Params, Args;
  for (std::size_t I = 0; I < Types.size(); ++I) {
    std::string T = Types[I];
    std::string P = "a" + std::to_string(I);
    Params += (I ? ", " : "") + T + (T.back() == '*' ? "" : " ") + P;
    Args += (I ? ", " : "") + P;
  }
  std::string Line = "static " + S.CResult + " " + Name + "(" + Params +
                     ") { " + (S.Void ? "" : "return ") + S.Name + "(" + Args +
                     "); }";
  std::optional<Fix> X = addPreambleLine(
      F, Line, "Call " + S.Name + " through a fixed-argument wrapper", true);
  if (!X)
    return std::nullopt;
  std::size_t FunBegin = Call.Call.Where.Begin;
  X->Edits.push_back(
      {{F.Path, FunBegin, FunBegin + 2 + S.Name.size()}, "C." + Name});
  return X;
}

bool importUnsafe(const SourceFile &F, std::vector<TextEdit> &E) {
  for (const std::string &I : F.Go.Imports)
    if (I == "unsafe")
      return true;
  if (F.Go.CImports.empty())
    return false;
  const go::CImport &CI = F.Go.CImports.front();
  if (CI.Renamed)
    return false;
  std::size_t B = CI.Spec.Begin, End = CI.Spec.End;
  std::size_t P = B;
  while (P > 0 && (F.Text[P - 1] == ' ' || F.Text[P - 1] == '\t'))
    --P;
  if (P >= 6 && F.Text.compare(P - 6, 6, "import") == 0) {
    E.push_back({{F.Path, End, End}, "\nimport \"unsafe\""});
    return true;
  }
  // In an import ( ... ) group: a spec of its own, indented alike.
  std::size_t LineStart = F.Text.rfind('\n', B);
  LineStart = LineStart == std::string::npos ? 0 : LineStart + 1;
  std::string Indent = F.Text.substr(LineStart, B - LineStart);
  if (Indent.find_first_not_of(" \t") != std::string::npos)
    return false;
  E.push_back({{F.Path, End, End}, "\n" + Indent + "\"unsafe\""});
  return true;
}

// The rest of a fix that writes C.free(unsafe.Pointer(x)): import
// "unsafe" and #include <stdlib.h> when the file lacks them. False when
// the file's layout does not allow it.
bool freeEdits(const SourceFile &F, const CompileResult &R,
               std::vector<TextEdit> &Edits) {
  if (!importUnsafe(F, Edits))
    return false;
  if (R.DeclaredNames.contains("free"))
    return true;
  std::optional<Fix> Inc = addPreambleLine(F, "#include <stdlib.h>", "", true);
  if (!Inc)
    return false;
  Edits.insert(Edits.begin(), Inc->Edits.begin(), Inc->Edits.end());
  return true;
}

// A name for a new local in function Func: Base, or Base2, Base3...
std::string freshName(const go::GoUses &U, std::size_t Func,
                      const std::string &Base) {
  if (Func >= U.Funcs.size())
    return Base;
  const auto &L = U.Funcs[Func].Locals;
  std::string N = Base;
  for (int I = 2; L.count(N) && I < 100; ++I)
    N = Base + std::to_string(I);
  return N;
}

void checkFile(const CheckContext &C, const PreambleUnit &Unit,
               std::vector<Diagnostic> &Out) {
  const SourceFile &F = *Unit.File;
  const CompileResult &R = *Unit.R;
  go::GoUses U = go::readGoUses(F.Text);
  auto Diag = [&](const char *Code, std::size_t B, std::size_t E,
                  std::string Msg) {
    Diagnostic D;
    D.Code = Code;
    D.Where = {F.Path, B, E};
    D.Message = std::move(Msg);
    D.Targets = {C.V->T.name()};
    return D;
  };
  for (const go::CCall &Call : U.Calls) {
    const CGoShape *S = findGoShape(R, Call.Name);
    if (!S || S->K != CGoShape::Kind::Function)
      continue;
    if (C.Gaps && C.Gaps->Names.count(Call.Name))
      continue;
    Typer Ty(C, R, U, Call.Func);
    const Expr &X = Call.Call;
    const std::string Fn = "(_Cfunc_" + Call.Name + ")";
    if (S->Variadic) {
      Diagnostic D =
          Diag("cgo-variadic-call", X.Where.Begin,
               X.Where.Begin + 2 + Call.Name.size(),
               "Call a fixed-argument wrapper instead: C." + Call.Name +
                   " is variadic, and cgo cannot call variadic C functions "
                   "(cgo: unexpected type: ...)");
      if (auto Fx = wrapperFix(F, *S, Call, Ty, R))
        D.Fixes.push_back(std::move(*Fx));
      Out.push_back(std::move(D));
      continue;
    }
    std::size_t NP = S->Params.size(), NA = X.Args.size();
    if (NA != NP) {
      std::vector<std::string> Have;
      bool AllKnown = true;
      for (const Expr &A : X.Args) {
        Operand O = Ty.operand(A);
        if (O.M == Operand::Mode::Untyped)
          Have.push_back(O.Type == "string" ? "string" : "number");
        else if (O.M == Operand::Mode::Nil)
          Have.push_back("nil");
        else if (O.known() && !O.Type.empty())
          Have.push_back(O.Type);
        else
          AllKnown = false;
      }
      std::vector<std::string> Want;
      bool WantKnown = true;
      for (const std::string &P : S->Params) {
        Want.push_back(P);
        WantKnown = WantKnown && !P.empty();
      }
      std::string Words = std::string(NA < NP ? "not enough" : "too many") +
                          " arguments in call to " + Fn;
      if (AllKnown)
        Words += "\n\thave " + typesList(Have);
      if (WantKnown)
        Words += "\n\twant " + typesList(Want);
      std::string Sig;
      for (std::size_t I = 0; I < S->CParams.size(); ++I)
        Sig += (I ? ", " : "") + S->CParams[I];
      std::string Act =
          NP == 0 ? "Call C." + Call.Name +
                        " without arguments: cgo gives it no parameters: "
                  : "Pass " + std::to_string(NP) + " argument" +
                        (NP == 1 ? "" : "s") + " to C." + Call.Name + " (" +
                        Sig + "): ";
      std::size_t B = NA > NP ? X.Args[NP].Where.Begin : X.RParen.Begin;
      std::size_t E = NA > NP ? X.Args.back().Where.End : X.RParen.End;
      Out.push_back(Diag("cgo-argument-count", B, E, Act + Words));
      continue;
    }
    bool Rewritten = Typer::rewritten(*S, X);
    for (std::size_t I = 0; I < NA; ++I) {
      const std::string &T = S->Params[I];
      Operand O = Ty.operand(X.Args[I]);
      if (!Typer::mismatch(O, T) || !Ty.describable(O))
        continue;
      std::string Words;
      bool Checked = I < S->PointerChecked.size() && S->PointerChecked[I] &&
                     X.Args[I].K != Expr::Kind::Nil;
      if (!Rewritten) {
        Words = Ty.cannotUse(O, T, "argument to " + Fn);
      } else if (!Checked) {
        Words = Ty.cannotUse(O, T, "variable declaration");
      } else {
        // _cgoI := arg: a variable of the argument's default type.
        Operand V;
        V.M = Operand::Mode::Variable;
        V.Type = Typer::defaultType(O);
        V.Text = "_cgo" + std::to_string(I);
        if (V.Type.empty() || same(V.Type, T))
          continue;
        Words = Ty.cannotUse(V, T, "argument to _Cfunc_" + Call.Name);
      }
      std::string Act;
      std::optional<Fix> Fx;
      const Expr &A = X.Args[I];
      if (O.M == Operand::Mode::Untyped && O.Type == "string" &&
          T == "*_Ctype_char") {
        Act = "Pass a C string: C.CString(" + O.Text +
              ") allocates one, to free with C.free: ";
        // cs := C.CString("..."); defer C.free(...) before the statement,
        // when the call starts its line.
        std::size_t LineStart = F.Text.rfind('\n', X.Where.Begin);
        LineStart = LineStart == std::string::npos ? 0 : LineStart + 1;
        std::size_t First = F.Text.find_first_not_of(" \t", LineStart);
        std::string Indent = F.Text.substr(LineStart, First - LineStart);
        std::string Before = F.Text.substr(First, X.Where.Begin - First);
        bool StartsLine = Before.find_first_of("\"`/") == std::string::npos;
        if (StartsLine) {
          std::string V = freshName(U, Call.Func, "cs");
          std::vector<TextEdit> Edits = {
              {{F.Path, LineStart, LineStart},
               Indent + V + " := C.CString(" + O.Text + ")\n" + Indent +
                   "defer C.free(unsafe.Pointer(" + V + "))\n"},
              {{F.Path, A.Where.Begin, A.Where.End}, V}};
          if (freeEdits(F, R, Edits))
            Fx = Fix("Pass C.CString(" + O.Text + ") and free it", Edits);
        }
      } else if (O.M != Operand::Mode::Untyped && !isPointerType(T) &&
                 !isPointerType(O.Type) && Ty.integer(O.Type) &&
                 T.rfind("_Ctype_", 0) == 0) {
        std::string CT =
            I < S->CParams.size() ? cName(S->CParams[I]) : std::string();
        if (CT.empty())
          CT = "C." + T.substr(7);
        Act = "Convert it to " + CT + ": ";
        std::string Src =
            F.Text.substr(A.Where.Begin, A.Where.End - A.Where.Begin);
        Fx =
            Fix("Convert to " + CT,
                {{{F.Path, A.Where.Begin, A.Where.End}, CT + "(" + Src + ")"}});
      } else if (T == "unsafe.Pointer" && isPointerType(O.Type)) {
        std::string Src =
            F.Text.substr(A.Where.Begin, A.Where.End - A.Where.Begin);
        Act = "Convert it: unsafe.Pointer(" + Src + "): ";
        std::vector<TextEdit> Edits = {{{F.Path, A.Where.Begin, A.Where.End},
                                        "unsafe.Pointer(" + Src + ")"}};
        if (importUnsafe(F, Edits))
          Fx = Fix("Convert to unsafe.Pointer", Edits);
      } else if (O.M == Operand::Mode::Untyped && O.Fraction) {
        Act = "Pass an integer: " + O.Text + " has a fractional part: ";
      } else {
        std::string CT = I < S->CParams.size() ? S->CParams[I] : T;
        Act = "Pass a value of the parameter's type (" + CT + "): ";
      }
      Diagnostic D =
          Diag("cgo-argument-type", A.Where.Begin, A.Where.End, Act + Words);
      if (Fx)
        D.Fixes.push_back(std::move(*Fx));
      Out.push_back(std::move(D));
    }
    if (!Call.Target.empty() && !Rewritten && !S->Void && !S->Result.empty()) {
      std::string T = Ty.type(Call.Target);
      Operand O = Ty.operand(X);
      if (O.M == Operand::Mode::Value && !T.empty() && !same(O.Type, T)) {
        std::string Words = Ty.cannotUse(O, T, Call.Context);
        Diagnostic D =
            Diag("cgo-result-type", X.Where.Begin, X.Where.End,
                 "Convert the result to " + Call.Target + ": C." + Call.Name +
                     " returns " + O.Type + ": " + Words);
        std::string Src =
            F.Text.substr(X.Where.Begin, X.Where.End - X.Where.Begin);
        if (goBasicTypes().count(Call.Target) && isIntegerType(O.Type))
          D.Fixes.push_back(Fix("Convert to " + Call.Target,
                                {{{F.Path, X.Where.Begin, X.Where.End},
                                  Call.Target + "(" + Src + ")"}}));
        Out.push_back(std::move(D));
      }
    }
  }

  for (const go::FieldUse &FU : U.Fields) {
    const go::Local *L = go::localOf(U, FU.Func, FU.Var);
    if (!L)
      continue;
    Typer Ty(C, R, U, FU.Func);
    std::string W = L->Type;
    if (W.empty() && L->HasInit && L->Init.K == Expr::Kind::Composite)
      W = L->Init.Text;
    bool Pointer = !W.empty() && W[0] == '*';
    if (Pointer)
      W.erase(0, 1);
    const CGoShape *S = Ty.cType(W);
    if (!S || !S->FieldsKnown)
      continue;
    bool Has = false;
    for (const std::string &Fd : S->Fields)
      Has = Has || Fd == FU.Field;
    if (Has)
      continue;
    std::string TypeName = (Pointer ? "*" : "") + S->RecordName;
    if (S->Union)
      TypeName = (Pointer ? "*" : "") + S->Type;
    std::string Words = FU.Var + "." + FU.Field + " undefined (type " +
                        TypeName + " has no field or method " + FU.Field + ")";
    std::string Act;
    std::optional<Fix> Fx;
    bool Bitfield = false, Keyword = false;
    for (const std::string &O : S->Omitted)
      Bitfield = Bitfield || O == FU.Field;
    for (const std::string &Fd : S->Fields)
      Keyword = Keyword || Fd == "_" + FU.Field;
    if (S->Union)
      Act = "Read the union through a C helper or unsafe: Go sees " + W +
            " as a byte array (" + S->Type + ") without fields: ";
    else if (Bitfield)
      Act = "Read " + FU.Field +
            " through a C helper function: cgo leaves bitfields out of " + W +
            ": ";
    else if (Keyword) {
      Act = "Write " + FU.Var + "._" + FU.Field +
            ": cgo renames C fields named with Go keywords: ";
      Fx = Fix("Use " + FU.Var + "._" + FU.Field,
               {{{F.Path, FU.Where.Begin, FU.Where.End}, "_" + FU.Field}});
    } else {
      std::string List;
      for (const std::string &Fd : S->Fields)
        List += (List.empty() ? "" : ", ") + Fd;
      Act = W + " has no field " + FU.Field +
            (List.empty() ? "" : " (its fields: " + List + ")") + ": ";
    }
    Diagnostic D =
        Diag("cgo-struct-field", FU.Where.Begin, FU.Where.End, Act + Words);
    if (Fx)
      D.Fixes.push_back(std::move(*Fx));
    Out.push_back(std::move(D));
  }

  for (const go::CStringLeak &Lk : U.Leaks) {
    // A function of the preamble may take the string over (free it, keep
    // it): cgols does not read C bodies for that, so it says nothing.
    bool Handed = false;
    for (const std::string &N : Lk.Callees)
      if (const CGoShape *S = findGoShape(R, N); !S || S->InPreamble)
        Handed = true;
    if (Handed)
      continue;
    const std::string Fn =
        Lk.Func < U.Funcs.size() ? U.Funcs[Lk.Func].Name : "this function";
    Diagnostic D;
    if (Lk.Var.empty()) {
      D = Diag("cgo-cstring-leak", Lk.Where.Begin, Lk.Where.End,
               "Keep C." + Lk.Helper +
                   "'s result in a variable and free it with C.free: it "
                   "allocates with malloc, and passing it straight to a C "
                   "call leaks it (go build does not say so)");
    } else {
      D = Diag("cgo-cstring-leak", Lk.Where.Begin, Lk.Where.End,
               "Free " + Lk.Var + " with defer C.free(unsafe.Pointer(" +
                   Lk.Var + ")): C." + Lk.Helper +
                   " allocates it with malloc, and nothing in func " + Fn +
                   " frees it or keeps it (go build does not say so)");
      if (Lk.StatementEnd) {
        std::vector<TextEdit> Edits;
        Edits.push_back({{F.Path, Lk.StatementEnd, Lk.StatementEnd},
                         "\n" + Lk.Indent + "defer C.free(unsafe.Pointer(" +
                             Lk.Var + "))"});
        if (freeEdits(F, R, Edits))
          D.Fixes.push_back(
              Fix("Free " + Lk.Var + " when " + Fn + " returns", Edits));
      }
    }
    D.Sev = Severity::Warning;
    Out.push_back(std::move(D));
  }
}

void run(const CheckContext &C, std::vector<Diagnostic> &Out) {
  for (const PreambleUnit &U : C.Preambles)
    if (U.R && U.File && !U.File->Go.Refs.empty())
      checkFile(C, U, Out);
}

std::vector<CodeDoc> codes() {
  return {
      {"cgo-variadic-call", "",
       R"md(**What.** A call from Go of a C function declared with `...` (`printf`, `open`,
`ioctl`, `fcntl`, `syslog`).

**Why.** cgo cannot call variadic C functions: it stops with `cgo: main.go:14:2: unexpected
type: ...`, before the package compiles.

**Example.** `C.printf(cs)`.

**Fix.** *Call printf through a fixed-argument wrapper*: a `static` function with the arguments of
this call is added to the preamble (`static int printf_1args(const char * a0) { return
printf(a0); }`) and the call uses it. Offered when each extra argument's C type is known (a C type,
an untyped number).)md"},
      {"cgo-argument-count", "",
       R"md(**What.** A call `C.f(...)` with more or fewer arguments than the C prototype. A
function declared without a prototype (`int f();`) takes none for cgo.

**Why.** The Go compiler rejects the call cgo generates: `not enough arguments in call to
(_Cfunc_sin)` with `have ()` and `want (_Ctype_double)`.

**Example.** `C.add(1, 2, 3)` where `add` takes two `int`s.

**Fix.** Pass the arguments the prototype lists (the message lists their C types).)md"},
      {"cgo-argument-type", "",
       R"md(**What.** An argument whose Go type is not the Go type cgo gives the C parameter:
a Go string constant where C wants `char *`, a Go `int` (a typed declaration, a parameter, `len`,
a conversion) where C wants `int` (`_Ctype_int`), a composite literal or a variable of a type the
file defines (`point{1, 2}` where C wants `struct point`), a `*C.char` where C wants `void *`
(`unsafe.Pointer`). Typedefs are aliases for cgo: a `size_t` parameter wants `_Ctype_ulong`. An
argument whose type the file does not say plainly is not judged.

**Why.** The Go compiler rejects it: `cannot use n (variable of type int) as type _Ctype_int in
argument to (_Cfunc_add)` (Go 1.19; Go 1.20 and later say `as _Ctype_int value`). When cgo checks
an argument for Go pointers (a `void *` parameter), it rewrites the call and the message names
`_cgo0` and `_Cfunc_f`; cgols says what the installed Go says.

**Example.** `C.puts("hello")`.

**Fix.** For an integer, *Convert to C.int* (`C.int(n)`); for a string, `C.CString` and a
`defer C.free`.)md"},
      {"cgo-result-type", "",
       R"md(**What.** A C function's result used where the file says another Go type:
`var x int = C.add(1, 2)`, `return C.add(1, 2)` in a function that returns `int`.

**Why.** `cannot use (_Cfunc_add)(1, 2) (value of type _Ctype_int) as type int in variable
declaration`.

**Fix.** *Convert to int* (`int(C.add(1, 2))`).)md"},
      {"cgo-struct-field", "",
       R"md(**What.** `x.f` on a variable of a C struct or union type where Go has no field `f`:
a bitfield (cgo leaves them out), a field named with a Go keyword (cgo names it `_type`), any field
of a union (Go sees a byte array of its size), a name the struct does not have. Packed structs and
structs with a flexible array member are not judged.

**Why.** `b.a undefined (type _Ctype_struct_bits has no field or method a)`.

**Example.** `var b C.struct_bits; _ = b.a` with `struct bits { int a:3; int b; }`.

**Fix.** Read bitfields and union members through a C helper function in the preamble; write
`x._type` for a keyword (*Use x._type*).)md"},
      {"cgo-cstring-leak", "(warning)",
       R"md(**What.** A `C.CString` or `C.CBytes` result that its function neither frees with
`C.free` nor lets escape (returned, stored, handed to a Go function): only passed to C functions
that headers declare (a function of the preamble itself may take it over, so passing it to one
counts as handing it on). Also a `C.CString(...)` passed straight to such a C call.

**Why.** Both allocate with `malloc`; the memory is never freed. go build says nothing; a long
running program grows.

**Example.** `cs := C.CString(name); C.puts(cs)`.

**Fix.** *Free cs when f returns*: `defer C.free(unsafe.Pointer(cs))` after the assignment, with
`import "unsafe"` and `#include <stdlib.h>` when the file lacks them.)md"},
  };
}

} // namespace

const Check &cgoCallsCheck() {
  static const Check TheCheck{"go-side-calls", CheckScope::Target, codes(),
                              run};
  return TheCheck;
}

} // namespace cgols
