//===- GoUses.cpp - What Go code does with C names, read from its syntax --===//
//
// A reader of function bodies over go/scanner's tokens (comments left
// out), enough for the shapes in GoUses.h: top-level func declarations and
// the function literals in them, their parameters, var declarations and
// short variable declarations, calls, selectors. Brackets are matched once;
// an unbalanced file is read up to where it stops making sense.
//
//===----------------------------------------------------------------------===//
#include "GoUses.h"

#include "GoScanner.h"

#include <algorithm>
#include <set>

namespace cgols::go {
namespace {

class Reader {
public:
  explicit Reader(std::string_view Text) : Text(Text) {
    for (const Token &T : scan(Text))
      if (T.Kind != Tok::Comment)
        T_.push_back(T);
    matchBrackets();
  }

  GoUses run() {
    GoUses U;
    int Depth = 0;
    for (std::size_t I = 0; I < T_.size(); ++I) {
      if (isP(I, "{") || isP(I, "(") || isP(I, "["))
        ++Depth;
      else if (isP(I, "}") || isP(I, ")") || isP(I, "]"))
        --Depth;
      else if (Depth == 0 && isI(I, "type"))
        typeDecl(I, U);
      else if (Depth == 0 && isI(I, "func")) {
        std::size_t Next = I;
        if (readFunc(I, U, Next)) {
          I = Next;
          continue;
        }
      }
    }
    return U;
  }

private:
  // type T U, type T = U, type ( ... ): the file's own types.
  void typeDecl(std::size_t I, GoUses &U) const {
    auto Spec = [&](std::size_t B, std::size_t E) {
      if (!isIdent(B) || B + 1 >= E)
        return;
      TypeDecl D;
      D.Name = std::string(text(B));
      std::size_t P = B + 1;
      if (isP(P, "[")) // generic: not modelled
        return;
      if (isP(P, "=")) {
        D.Alias = true;
        ++P;
      }
      if (isI(P, "struct"))
        D.Underlying = "struct";
      else if (E - P == 1)
        D.Underlying = std::string(text(P));
      else
        D.Underlying.clear();
      if (!U.Types.count(D.Name))
        U.Types[D.Name] = D;
      else
        U.Types[D.Name].Ambiguous = true;
    };
    if (isP(I + 1, "(") && Match[I + 1] != None) {
      std::size_t G = I + 2, GE = Match[I + 1];
      while (G < GE) {
        std::size_t SE = statementEnd(G, GE);
        Spec(G, SE);
        G = SE + 1;
      }
      return;
    }
    Spec(I + 1, statementEnd(I + 1, T_.size()));
  }

  std::string_view Text;
  std::vector<Token> T_;
  std::vector<std::size_t> Match; ///< per token: its partner bracket, or npos
  static constexpr std::size_t None = static_cast<std::size_t>(-1);

  std::string_view text(std::size_t I) const {
    return I < T_.size() ? Text.substr(T_[I].Begin, T_[I].End - T_[I].Begin)
                         : std::string_view();
  }
  bool isP(std::size_t I, std::string_view P) const {
    return I < T_.size() && T_[I].Kind == Tok::Punct && text(I) == P;
  }
  bool isI(std::size_t I, std::string_view W) const {
    return I < T_.size() && T_[I].Kind == Tok::Ident && text(I) == W;
  }
  bool isIdent(std::size_t I) const {
    return I < T_.size() && T_[I].Kind == Tok::Ident && !isKeyword(text(I));
  }
  bool isSemi(std::size_t I) const {
    return I >= T_.size() || T_[I].Kind == Tok::Semicolon ||
           T_[I].Kind == Tok::EndOfFile;
  }
  Range range(std::size_t B, std::size_t E) const { // tokens [B, E)
    if (B >= E || E > T_.size())
      return {};
    return {T_[B].Begin, T_[E - 1].End};
  }
  std::string joined(std::size_t B, std::size_t E) const {
    std::string S;
    for (std::size_t I = B; I < E && I < T_.size(); ++I)
      S += text(I);
    return S;
  }

  void matchBrackets() {
    Match.assign(T_.size(), None);
    std::vector<std::size_t> Stack;
    for (std::size_t I = 0; I < T_.size(); ++I) {
      if (T_[I].Kind != Tok::Punct)
        continue;
      std::string_view P = text(I);
      if (P == "(" || P == "[" || P == "{") {
        Stack.push_back(I);
      } else if (P == ")" || P == "]" || P == "}") {
        char Open = P == ")" ? '(' : P == "]" ? '[' : '{';
        // An unbalanced closer matches nothing; openers above it that
        // another kind closes stay unmatched.
        auto It = std::find_if(Stack.rbegin(), Stack.rend(),
                               [&](auto O) { return text(O)[0] == Open; });
        if (It == Stack.rend())
          continue;
        std::size_t O = *It;
        Stack.erase(std::next(It).base(), Stack.end());
        Match[O] = I;
        Match[I] = O;
      }
    }
  }

  // The end (exclusive) of the top-level comma-separated item starting at B,
  // within [B, E).
  std::size_t itemEnd(std::size_t B, std::size_t E) const {
    std::size_t I = B;
    while (I < E && !isP(I, ",")) {
      if ((isP(I, "(") || isP(I, "[") || isP(I, "{")) && Match[I] != None &&
          Match[I] < E)
        I = Match[I];
      ++I;
    }
    return I;
  }

  std::vector<std::pair<std::size_t, std::size_t>> items(std::size_t B,
                                                         std::size_t E) const {
    std::vector<std::pair<std::size_t, std::size_t>> Out;
    std::size_t I = B;
    while (I < E) {
      std::size_t End = itemEnd(I, E);
      if (End > I)
        Out.push_back({I, End});
      I = End + 1;
    }
    return Out;
  }

public:
  Expr expr(std::size_t B, std::size_t E) const {
    Expr X;
    X.Where = range(B, E);
    if (B >= E || E > T_.size())
      return X;
    if (E - B == 1) {
      std::string_view W = text(B);
      X.Text = std::string(W);
      switch (T_[B].Kind) {
      case Tok::String:
      case Tok::RawString:
        X.K = Expr::Kind::String;
        break;
      case Tok::Char:
        X.K = Expr::Kind::Rune;
        break;
      case Tok::Number: {
        bool Hex = W.size() > 1 && W[0] == '0' && (W[1] == 'x' || W[1] == 'X');
        if (W.back() == 'i')
          X.K = Expr::Kind::Unknown;
        else if (Hex ? W.find_first_of("pP") != std::string_view::npos
                     : W.find_first_of(".eE") != std::string_view::npos)
          X.K = Expr::Kind::Float;
        else
          X.K = Expr::Kind::Int;
        break;
      }
      case Tok::Ident:
        if (isKeyword(W))
          break;
        X.K = W == "nil" ? Expr::Kind::Nil : Expr::Kind::Ident;
        break;
      default:
        break;
      }
      return X;
    }
    if (E - B == 3 && isIdent(B) && isP(B + 1, ".") &&
        T_[B + 2].Kind == Tok::Ident) {
      X.K = Expr::Kind::Ident;
      X.Text = joined(B, E);
      return X;
    }
    if (isP(B, "(") && Match[B] == E - 1) {
      X.K = Expr::Kind::Paren;
      X.Args.push_back(expr(B + 1, E - 1));
      return X;
    }
    if (isP(B, "*")) {
      X.K = Expr::Kind::Star;
      X.Args.push_back(expr(B + 1, E));
      return X;
    }
    if (isP(E - 1, "}") && Match[E - 1] != None && Match[E - 1] > B) {
      // T{...}: a composite literal of a named type.
      std::size_t L = Match[E - 1];
      Expr Type = expr(B, L);
      if (Type.K == Expr::Kind::Ident) {
        X.K = Expr::Kind::Composite;
        X.Text = Type.Text;
      }
      return X;
    }
    if (isP(E - 1, ")") && Match[E - 1] != None && Match[E - 1] > B) {
      std::size_t L = Match[E - 1];
      Expr Callee = expr(B, L);
      if (Callee.K != Expr::Kind::Ident && Callee.K != Expr::Kind::Paren)
        return X;
      X.K = Expr::Kind::Call;
      X.Text = joined(B, L);
      X.LParen = range(L, L + 1);
      X.RParen = range(E - 1, E);
      for (auto [IB, IE] : items(L + 1, E - 1))
        X.Args.push_back(expr(IB, IE));
      if (isP(E - 2, "...")) // f(xs...): not modelled
        X.K = Expr::Kind::Unknown;
      return X;
    }
    return X;
  }

private:
  // A parameter list (a, b int, c *C.char) between brackets L and R: the
  // names with their written types.
  void params(std::size_t L, std::size_t R, std::vector<Local> &Out) const {
    std::vector<std::pair<std::size_t, std::size_t>> Items = items(L + 1, R);
    bool Named = false;
    for (auto [B, E] : Items)
      if (E - B >= 2 && isIdent(B) && !isP(B + 1, "."))
        Named = true;
    if (!Named)
      return; // types only
    std::vector<std::size_t> Pending;
    for (auto [B, E] : Items) {
      if (!isIdent(B))
        continue;
      if (E - B == 1) {
        Pending.push_back(B);
        continue;
      }
      std::string Type = joined(B + 1, E);
      Pending.push_back(B);
      for (std::size_t N : Pending) {
        Local Lc;
        Lc.Name = std::string(text(N));
        Lc.Type = Type;
        Lc.Where = range(N, N + 1);
        Out.push_back(Lc);
      }
      Pending.clear();
    }
  }

  // func [recv] Name[T] (params) results { body }: I at `func`.
  bool readFunc(std::size_t I, GoUses &U, std::size_t &Next) {
    std::size_t P = I + 1;
    Function F;
    std::vector<Local> Decls;
    if (isP(P, "(") && Match[P] != None) { // receiver
      params(P, Match[P], Decls);
      P = Match[P] + 1;
    }
    if (!isIdent(P))
      return false;
    F.Name = std::string(text(P));
    ++P;
    if (isP(P, "[") && Match[P] != None) // type parameters
      P = Match[P] + 1;
    if (!isP(P, "(") || Match[P] == None)
      return false;
    params(P, Match[P], Decls);
    P = Match[P] + 1;
    // Results: (list) or a single type, up to the body's {.
    std::size_t ResB = P;
    if (isP(P, "(") && Match[P] != None) {
      std::vector<Local> Results;
      params(P, Match[P], Results);
      auto Items = items(P + 1, Match[P]);
      if (Items.size() == 1)
        F.Result = Results.empty() ? joined(Items[0].first, Items[0].second)
                                   : Results[0].Type;
      for (Local &R : Results)
        Decls.push_back(std::move(R));
      P = Match[P] + 1;
    } else {
      while (P < T_.size() && !isP(P, "{") && !isSemi(P)) {
        if ((isP(P, "[") || isP(P, "(")) && Match[P] != None)
          P = Match[P];
        ++P;
      }
      F.Result = joined(ResB, P);
    }
    if (!isP(P, "{") || Match[P] == None) {
      Next = P;
      return true; // a declaration without a body
    }
    std::size_t BodyB = P, BodyE = Match[P];
    F.Body = {T_[BodyB].Begin, T_[BodyE].End};
    std::size_t FuncIdx = U.Funcs.size();
    body(BodyB, BodyE, Decls, F);
    std::map<std::string, int> Count;
    for (const Local &L : Decls)
      ++Count[L.Name];
    for (Local &L : Decls) {
      if (L.Name == "_")
        continue;
      L.Ambiguous = Count[L.Name] > 1;
      F.Locals[L.Name] = std::move(L);
    }
    U.Funcs.push_back(std::move(F));
    uses(BodyB, BodyE, FuncIdx, U);
    Next = BodyE;
    return true;
  }

  // The end of the simple statement or declaration that starts at or
  // contains B: the next semicolon outside brackets.
  std::size_t statementEnd(std::size_t B, std::size_t Limit) const {
    std::size_t I = B;
    while (I < Limit && !isSemi(I)) {
      if ((isP(I, "(") || isP(I, "[") || isP(I, "{")) && Match[I] != None &&
          Match[I] < Limit)
        I = Match[I];
      else if (isP(I, "}"))
        return I; // the block ends the statement
      ++I;
    }
    return I;
  }

  void varSpec(std::size_t B, std::size_t E, std::vector<Local> &Decls) const {
    std::vector<std::size_t> Names;
    std::size_t I = B;
    while (I < E && isIdent(I)) {
      Names.push_back(I);
      if (!isP(I + 1, ","))
        break;
      I += 2;
    }
    if (Names.empty())
      return;
    std::size_t AfterNames = Names.back() + 1;
    std::size_t Eq = AfterNames;
    while (Eq < E && !isP(Eq, "=")) {
      if ((isP(Eq, "(") || isP(Eq, "[") || isP(Eq, "{")) && Match[Eq] != None)
        Eq = Match[Eq];
      ++Eq;
    }
    std::string Type = joined(AfterNames, Eq);
    for (std::size_t N : Names) {
      Local L;
      L.Name = std::string(text(N));
      L.Type = Type;
      L.Where = range(N, N + 1);
      if (Names.size() == 1 && Type.empty() && Eq < E) {
        L.HasInit = true;
        L.Init = expr(Eq + 1, E);
      }
      Decls.push_back(L);
    }
  }

  void body(std::size_t BodyB, std::size_t BodyE, std::vector<Local> &Decls,
            Function &) const {
    for (std::size_t I = BodyB + 1; I < BodyE; ++I) {
      if (isI(I, "var")) {
        if (isP(I + 1, "(") && Match[I + 1] != None) {
          std::size_t G = I + 2, GE = Match[I + 1];
          while (G < GE) {
            std::size_t SE = statementEnd(G, GE);
            varSpec(G, SE, Decls);
            G = SE + 1;
          }
        } else {
          varSpec(I + 1, statementEnd(I + 1, BodyE), Decls);
        }
      } else if (isP(I, ":=")) {
        std::vector<std::size_t> Names;
        std::size_t N = I;
        while (N > BodyB + 1 && isIdent(N - 1)) {
          Names.push_back(N - 1);
          if (N - 1 > BodyB + 1 && isP(N - 2, ","))
            N -= 2;
          else
            break;
        }
        std::size_t E = statementEnd(I + 1, BodyE);
        for (std::size_t Nm : Names) {
          Local L;
          L.Name = std::string(text(Nm));
          L.Where = range(Nm, Nm + 1);
          if (Names.size() == 1 && !isI(I + 1, "range") &&
              itemEnd(I + 1, E) == E) {
            L.HasInit = true;
            L.Init = expr(I + 1, E);
          }
          Decls.push_back(L);
        }
      } else if (isI(I, "func") && isP(I + 1, "(") && Match[I + 1] != None) {
        params(I + 1, Match[I + 1], Decls); // a function literal
        std::size_t R = Match[I + 1] + 1;
        if (isP(R, "(") && Match[R] != None)
          params(R, Match[R], Decls);
      } else if (isI(I, "range") && isP(I - 1, "=")) {
        // for k, v = range: assignments, not declarations
      }
    }
  }

  // The function literals' bodies in [B, E).
  std::vector<std::pair<std::size_t, std::size_t>>
  literals(std::size_t B, std::size_t E) const {
    std::vector<std::pair<std::size_t, std::size_t>> Out;
    for (std::size_t I = B; I < E; ++I) {
      if (!isI(I, "func") || !isP(I + 1, "(") || Match[I + 1] == None)
        continue;
      std::size_t P = Match[I + 1] + 1;
      while (P < E && !isP(P, "{") && !isSemi(P)) {
        if ((isP(P, "(") || isP(P, "[")) && Match[P] != None)
          P = Match[P];
        ++P;
      }
      if (isP(P, "{") && Match[P] != None)
        Out.push_back({P, Match[P]});
    }
    return Out;
  }

  // The innermost unmatched ( before I within [B, I), or None.
  std::size_t enclosingParen(std::size_t I, std::size_t B) const {
    for (std::size_t J = I; J-- > B;) {
      if ((isP(J, ")") || isP(J, "]") || isP(J, "}")) && Match[J] != None) {
        J = Match[J];
        continue;
      }
      if (isP(J, "(") && Match[J] != None && Match[J] > I)
        return J;
      if (isP(J, "{") || isP(J, "[") || isSemi(J))
        return None;
    }
    return None;
  }

  // The callee of the call whose ( is at L: "C.f", "unsafe.Pointer",
  // "(...)" for a parenthesised type, or "".
  std::string calleeOf(std::size_t L, std::size_t &Start) const {
    Start = L;
    if (L >= 3 && isI(L - 3, "C") && isP(L - 2, ".") &&
        T_[L - 1].Kind == Tok::Ident && !isP(L - 4, ".")) {
      Start = L - 3;
      return "C." + std::string(text(L - 1));
    }
    if (L >= 3 && isI(L - 3, "unsafe") && isP(L - 2, ".") &&
        isI(L - 1, "Pointer")) {
      Start = L - 3;
      return "unsafe.Pointer";
    }
    if (L >= 1 && isP(L - 1, ")") && Match[L - 1] != None) {
      Start = Match[L - 1];
      return "(...)";
    }
    if (L >= 1 && T_[L - 1].Kind == Tok::Ident) {
      Start = L - 1;
      return std::string(text(L - 1));
    }
    return "";
  }

  enum class Fate { CUse, Freed, Escapes };

  // What becomes of the value of tokens [B, E) (an occurrence of a C
  // string): a direct argument of a C call (through conversions), of
  // C.free, or anything else.
  Fate fate(std::size_t B, std::size_t E, std::size_t BodyB,
            std::vector<std::string> *Callees = nullptr) const {
    for (int Guard = 0; Guard < 8; ++Guard) {
      if (!(isP(B - 1, "(") || isP(B - 1, ",")) ||
          !(isP(E, ")") || isP(E, ",")))
        return Fate::Escapes;
      std::size_t L = enclosingParen(B, BodyB);
      if (L == None)
        return Fate::Escapes;
      std::size_t Start;
      std::string Callee = calleeOf(L, Start);
      if (Callee == "C.free")
        return Fate::Freed;
      if (Callee == "unsafe.Pointer" || Callee == "(...)" ||
          Callee == "uintptr") {
        B = Start;
        E = Match[L] + 1;
        continue;
      }
      if (Callee.rfind("C.", 0) == 0) {
        if (Callees)
          Callees->push_back(Callee.substr(2));
        return Fate::CUse;
      }
      return Fate::Escapes;
    }
    return Fate::Escapes;
  }

  std::string indentOf(std::size_t Offset) const {
    std::size_t LineStart = Text.rfind('\n', Offset == 0 ? 0 : Offset - 1);
    LineStart = LineStart == std::string_view::npos ? 0 : LineStart + 1;
    std::size_t E = LineStart;
    while (E < Text.size() && (Text[E] == '\t' || Text[E] == ' '))
      ++E;
    return std::string(Text.substr(LineStart, E - LineStart));
  }

  void uses(std::size_t BodyB, std::size_t BodyE, std::size_t FuncIdx,
            GoUses &U) const {
    const Function &F = U.Funcs[FuncIdx];
    auto Lits = literals(BodyB, BodyE);
    auto InLiteral = [&](std::size_t I) {
      for (auto [B, E] : Lits)
        if (B < I && I < E)
          return true;
      return false;
    };
    for (std::size_t I = BodyB + 1; I < BodyE; ++I) {
      if (isI(I, "C") && isP(I + 1, ".") && T_[I + 2].Kind == Tok::Ident &&
          !isP(I - 1, ".") && isP(I + 3, "(") && Match[I + 3] != None &&
          Match[I + 3] < BodyE) {
        std::size_t E = Match[I + 3] + 1;
        CCall C;
        C.Func = FuncIdx;
        C.Name = std::string(text(I + 2));
        bool Allocates = C.Name == "CString" || C.Name == "CBytes";
        C.Call = expr(I, E);
        C.Deferred = isI(I - 1, "defer") || isI(I - 1, "go");
        bool WholeStatement = isSemi(E) || isP(E, "}");
        if (WholeStatement && isP(I - 1, "=")) {
          // var x T = C.f(...)
          std::size_t V = I - 1;
          while (V > BodyB && !isI(V, "var") && !isSemi(V) && !isP(V, "{"))
            --V;
          if (isI(V, "var") && isIdent(V + 1) && V + 2 < I - 1) {
            C.Target = joined(V + 2, I - 1);
            C.Context = "variable declaration";
          }
        } else if (WholeStatement && isI(I - 1, "return") && !InLiteral(I) &&
                   !F.Result.empty()) {
          C.Target = F.Result;
          C.Context = "return statement";
        }
        if (C.Call.K == Expr::Kind::Call)
          U.Calls.push_back(std::move(C));
        if (Allocates)
          leak(I, E, BodyB, BodyE, FuncIdx, U);
      }
      if (isIdent(I) && !isI(I, "C") && !isP(I - 1, ".") && isP(I + 1, ".") &&
          I + 2 < BodyE && T_[I + 2].Kind == Tok::Ident) {
        auto It = F.Locals.find(std::string(text(I)));
        if (It != F.Locals.end() && !It->second.Ambiguous)
          U.Fields.push_back({FuncIdx, std::string(text(I)),
                              std::string(text(I + 2)), range(I + 2, I + 3),
                              range(I, I + 3)});
      }
    }
  }

  // C.CString(...) at tokens [I, E).
  void leak(std::size_t I, std::size_t E, std::size_t BodyB, std::size_t BodyE,
            std::size_t FuncIdx, GoUses &U) const {
    CStringLeak L;
    L.Func = FuncIdx;
    L.Helper = std::string(text(I + 2));
    L.Where = range(I, E);
    Fate Direct = fate(I, E, BodyB, &L.Callees);
    if (Direct == Fate::CUse) {
      U.Leaks.push_back(L);
      return;
    }
    // x := C.CString(...) or var x = C.CString(...), the whole statement.
    std::size_t Name = None;
    if (isP(I - 1, ":=") && isIdent(I - 2) && !isP(I - 3, ","))
      Name = I - 2;
    else if (isP(I - 1, "=") && isIdent(I - 2) && isI(I - 3, "var"))
      Name = I - 2;
    if (Name == None || !(isSemi(E) || isP(E, "}")))
      return;
    std::string X(text(Name));
    const Function &F = U.Funcs[FuncIdx];
    auto It = F.Locals.find(X);
    if (It == F.Locals.end() || It->second.Ambiguous)
      return;
    for (std::size_t J = BodyB + 1; J < BodyE; ++J) {
      if (J == Name || !isI(J, X) || isP(J - 1, "."))
        continue;
      Fate Fa = fate(J, J + 1, BodyB, &L.Callees);
      if (Fa != Fate::CUse)
        return; // freed, or it escapes: not a leak this function shows
    }
    L.Var = X;
    if (isSemi(E) && E < T_.size() && T_[E].Auto) {
      // At the end of its line, after a trailing comment.
      std::size_t NL = Text.find('\n', T_[E].Begin);
      L.StatementEnd = NL == std::string_view::npos ? Text.size() : NL;
      L.Indent = indentOf(T_[Name].Begin);
    }
    U.Leaks.push_back(L);
  }
};

} // namespace

GoUses readGoUses(std::string_view Text) { return Reader(Text).run(); }

const Local *localOf(const GoUses &U, std::size_t Func,
                     const std::string &Name) {
  if (Func >= U.Funcs.size())
    return nullptr;
  auto It = U.Funcs[Func].Locals.find(Name);
  if (It == U.Funcs[Func].Locals.end() || It->second.Ambiguous)
    return nullptr;
  return &It->second;
}

} // namespace cgols::go
