//===- Symbols.cpp - What each C name is, collected from a compile --------===//
//
// cgo's Go view of a C type (cmd/cgo/gcc.go, Type and FuncType): builtin
// types are C.int and friends over a Go integer of the same size; a typedef
// keeps its name; void * is unsafe.Pointer; a function pointer is *[0]byte;
// struct/union/enum tags are C.struct_x / C.union_x / C.enum_x.
//
//===----------------------------------------------------------------------===//
#include "Symbols.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/RawCommentList.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/Preprocessor.h"

#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>

namespace cgols {

std::string cgoBuiltinName(const clang::BuiltinType *B) {
  using K = clang::BuiltinType::Kind;
  switch (B->getKind()) {
  case K::Bool:
    return "_Bool";
  case K::Char_S:
  case K::Char_U:
    return "char";
  case K::SChar:
    return "schar";
  case K::UChar:
    return "uchar";
  case K::Short:
    return "short";
  case K::UShort:
    return "ushort";
  case K::Int:
    return "int";
  case K::UInt:
    return "uint";
  case K::Long:
    return "long";
  case K::ULong:
    return "ulong";
  case K::LongLong:
    return "longlong";
  case K::ULongLong:
    return "ulonglong";
  case K::Float:
    return "float";
  case K::Double:
    return "double";
  default:
    return "";
  }
}

namespace {

std::string builtinName(const clang::BuiltinType *B) {
  std::string N = cgoBuiltinName(B);
  return N.empty() ? "" : "C." + N;
}

// The Go type underneath a C arithmetic type ("int32").
std::string goUnderlying(const clang::ASTContext &Ctx, clang::QualType T) {
  T = T.getCanonicalType();
  if (T->isBooleanType())
    return "bool";
  if (T->isRealFloatingType())
    return Ctx.getTypeSize(T) == 32 ? "float32" : "float64";
  if (T->isIntegerType())
    return (T->isSignedIntegerType() ? "int" : "uint") +
           std::to_string(Ctx.getTypeSize(T));
  return "";
}

std::string goType(const clang::ASTContext &Ctx, clang::QualType T) {
  T = T.getUnqualifiedType();
  if (const auto *TT = T->getAs<clang::TypedefType>())
    if (!T->getAs<clang::TypedefType>()->getDecl()->getName().empty() &&
        llvm::isa<clang::TypedefType>(T.getTypePtr()))
      return "C." + TT->getDecl()->getName().str();
  if (const auto *B = llvm::dyn_cast<clang::BuiltinType>(T.getCanonicalType()))
    if (std::string N = builtinName(B); !N.empty())
      return N;
  clang::QualType C = T.getCanonicalType();
  if (const auto *P = C->getAs<clang::PointerType>()) {
    clang::QualType Pointee = P->getPointeeType();
    if (Pointee->isVoidType())
      return "unsafe.Pointer";
    if (Pointee->isFunctionType())
      return "*[0]byte";
    return "*" + goType(Ctx, P->getPointeeType());
  }
  if (const auto *A = Ctx.getAsConstantArrayType(C))
    return "[" + std::to_string(A->getSize().getZExtValue()) + "]" +
           goType(Ctx, A->getElementType());
  if (const auto *R = C->getAs<clang::RecordType>()) {
    const clang::RecordDecl *D = R->getDecl();
    if (!D->getName().empty())
      return std::string(D->isUnion() ? "C.union_" : "C.struct_") +
             D->getName().str();
  }
  if (const auto *E = C->getAs<clang::EnumType>())
    if (!E->getDecl()->getName().empty())
      return "C.enum_" + E->getDecl()->getName().str();
  if (C->isVoidType())
    return "";
  return "C." + T.getAsString();
}

class Collector {
public:
  Collector(clang::CompilerInstance &CI, CompileResult &R,
            const std::vector<std::string> &Only)
      : CI(CI), Ctx(CI.getASTContext()), SM(CI.getSourceManager()), R(R),
        Only(Only.begin(), Only.end()), Policy(Ctx.getPrintingPolicy()) {
    Policy.TerseOutput = true;
    Policy.PolishForDeclaration = true;
  }

  void decl(const clang::Decl *D) {
    if (D->isInvalidDecl() || D->isImplicit())
      return;
    if (const auto *TD = llvm::dyn_cast<clang::TagDecl>(D)) {
      if (!TD->getName().empty() && wanted(tagName(TD), TD->getLocation()) &&
          (TD->isThisDeclarationADefinition() || !seen(tagName(TD)))) {
        CSymbol S;
        S.K = TD->isUnion()  ? CSymbol::Kind::Union
              : TD->isEnum() ? CSymbol::Kind::Enum
                             : CSymbol::Kind::Struct;
        S.Name = tagName(TD);
        S.Decl = std::string(TD->getKindName()) + " " + TD->getName().str();
        if (const auto *RD = llvm::dyn_cast<clang::RecordDecl>(TD))
          if (const clang::RecordDecl *Def = RD->getDefinition()) {
            std::string Fields, CFields;
            for (const clang::FieldDecl *F : Def->fields()) {
              Fields +=
                  "\n\t" + F->getName().str() + " " + goType(Ctx, F->getType());
              CFields += "\n    " + F->getType().getAsString(Policy) + " " +
                         F->getName().str() + ";";
            }
            S.GoView = "struct {" + Fields + (Fields.empty() ? "}" : "\n}");
            S.Decl = std::string(TD->getKindName()) + " " +
                     TD->getName().str() + " {" + CFields +
                     (CFields.empty() ? "}" : "\n}");
          }
        if (TD->isEnum())
          S.GoView = "uint32";
        add(std::move(S), TD);
      }
      if (const auto *ED = llvm::dyn_cast<clang::EnumDecl>(D))
        for (const clang::EnumConstantDecl *C : ED->enumerators()) {
          if (!wanted(C->getName().str(), C->getLocation()))
            continue;
          CSymbol S;
          S.K = CSymbol::Kind::EnumConstant;
          S.Name = C->getName().str();
          llvm::SmallString<32> Value;
          C->getInitVal().toString(Value, 10);
          S.Decl = S.Name + " = " + Value.str().str();
          S.GoView = "= " + Value.str().str();
          add(std::move(S), C);
        }
      return;
    }
    const auto *ND = llvm::dyn_cast<clang::NamedDecl>(D);
    if (!ND || !ND->getIdentifier() ||
        !wanted(ND->getName().str(), ND->getLocation()))
      return;
    CSymbol S;
    S.Name = ND->getName().str();
    if (const auto *F = llvm::dyn_cast<clang::FunctionDecl>(D)) {
      S.K = CSymbol::Kind::Function;
      std::string Params;
      for (const clang::ParmVarDecl *P : F->parameters()) {
        std::string C = P->getType().getAsString(Policy);
        if (!P->getName().empty())
          C += (C.back() == '*' ? "" : " ") + P->getName().str();
        S.Params.push_back(C);
        Params += (Params.empty() ? "" : ", ") +
                  (P->getName().empty() ? "" : P->getName().str() + " ") +
                  goType(Ctx, P->getType());
      }
      std::string Ret = goType(Ctx, F->getReturnType());
      S.GoView = "func(" + Params + ")" + (Ret.empty() ? "" : " " + Ret);
    } else if (const auto *V = llvm::dyn_cast<clang::VarDecl>(D)) {
      S.K = CSymbol::Kind::Variable;
      S.GoView = goType(Ctx, V->getType());
    } else if (const auto *T = llvm::dyn_cast<clang::TypedefNameDecl>(D)) {
      S.K = CSymbol::Kind::Typedef;
      clang::QualType U = T->getUnderlyingType();
      std::string Under = goType(Ctx, U);
      std::string Go = goUnderlying(Ctx, U);
      S.GoView = Under + (Go.empty() ? "" : " (" + Go + ")");
    } else {
      return;
    }
    if (seen(S.Name) && S.K != CSymbol::Kind::Function)
      return;
    S.Decl = print(D);
    add(std::move(S), ND);
  }

  void macros(bool Local) {
    clang::Preprocessor &PP = CI.getPreprocessor();
    for (const auto &M : PP.macros(/*IncludeExternalMacros=*/!Local)) {
      const clang::IdentifierInfo *II = M.first;
      const clang::MacroInfo *MI = II ? PP.getMacroInfo(II) : nullptr;
      if (!MI || MI->isFunctionLike() || MI->isBuiltinMacro() ||
          MI->getNumTokens() == 0)
        continue;
      clang::SourceLocation Loc = MI->getDefinitionLoc();
      if (Local && SM.isLoadedSourceLocation(Loc))
        continue; // the precompiled preamble's: collected when it was built
      if (Loc.isInvalid() || !SM.getFileEntryRefForID(SM.getFileID(Loc)))
        continue; // the compiler's own (__clang__, ...)
      if (!wanted(II->getName().str(), Loc))
        continue;
      CSymbol S;
      S.K = CSymbol::Kind::Macro;
      S.Name = II->getName().str();
      std::string Body;
      for (const clang::Token &T : MI->tokens()) {
        if (!Body.empty() && T.hasLeadingSpace())
          Body += ' ';
        Body += PP.getSpelling(T);
      }
      S.Decl = "#define " + S.Name + " " + Body;
      S.GoView = "= " + Body;
      place(S, Loc);
      R.Symbols.push_back(std::move(S));
    }
  }

private:
  clang::CompilerInstance &CI;
  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  CompileResult &R;
  std::set<std::string> Only;
  clang::PrintingPolicy Policy;
  std::set<std::string> Names;

  // Named in Only; or, with no Only, in the main file or a header it
  // includes itself.
  bool wanted(const std::string &Name, clang::SourceLocation Loc) const {
    if (!Only.empty())
      return Only.count(Name) != 0;
    Loc = SM.getFileLoc(Loc);
    if (Loc.isInvalid())
      return false;
    clang::FileID FID = SM.getFileID(Loc);
    if (FID == SM.getMainFileID())
      return true;
    clang::SourceLocation Inc = SM.getIncludeLoc(FID);
    return Inc.isValid() &&
           SM.getFileID(SM.getFileLoc(Inc)) == SM.getMainFileID();
  }

  static std::string tagName(const clang::TagDecl *TD) {
    return std::string(TD->isUnion()  ? "union_"
                       : TD->isEnum() ? "enum_"
                                      : "struct_") +
           TD->getName().str();
  }
  bool seen(const std::string &N) const { return Names.count(N) != 0; }

  std::string print(const clang::Decl *D) {
    std::string S;
    llvm::raw_string_ostream OS(S);
    D->print(OS, Policy);
    OS.flush();
    if (S.size() > 2000)
      S = S.substr(0, 2000) + " ...";
    return S;
  }

  void place(CSymbol &S, clang::SourceLocation Loc) {
    Loc = SM.getFileLoc(Loc);
    if (Loc.isInvalid())
      return;
    clang::FileID FID = SM.getFileID(Loc);
    std::size_t Off = SM.getFileOffset(Loc);
    S.Where.Begin = Off;
    S.Where.End =
        Off + (S.K == CSymbol::Kind::Macro || S.K == CSymbol::Kind::Function ||
                       S.K == CSymbol::Kind::Variable ||
                       S.K == CSymbol::Kind::Typedef ||
                       S.K == CSymbol::Kind::EnumConstant
                   ? S.Name.size()
                   : 0);
    if (FID == SM.getMainFileID()) {
      S.Where.InPreamble = true;
      S.Direct = true;
      return;
    }
    if (auto FE = SM.getFileEntryRefForID(FID))
      S.Where.File = FE->getName().str();
    S.Where.Line = SM.getLineNumber(FID, Off);
    S.Where.Column = SM.getColumnNumber(FID, Off);
    clang::SourceLocation Inc = SM.getIncludeLoc(FID);
    S.Direct =
        Inc.isValid() && SM.getFileID(SM.getFileLoc(Inc)) == SM.getMainFileID();
  }

  void add(CSymbol S, const clang::NamedDecl *D) {
    if (const clang::RawComment *RC = Ctx.getRawCommentForAnyRedecl(D))
      S.Doc = RC->getFormattedText(SM, Ctx.getDiagnostics());
    place(S, D->getLocation());
    if (S.Where.File.rfind("/__cgols__/", 0) == 0)
      return; // cmd/cgo's prolog
    Names.insert(S.Name);
    R.Symbols.push_back(std::move(S));
  }
};

} // namespace

void collectSymbols(clang::CompilerInstance &CI, CompileResult &R,
                    const std::vector<std::string> &Only, bool Local) {
  if (!CI.hasASTContext())
    return;
  Collector C(CI, R, Only);
  for (const clang::Decl *D : topLevelDecls(CI, Local))
    C.decl(D);
  if (CI.hasPreprocessor())
    C.macros(Local);
  sortSymbols(R.Symbols);
}

void sortSymbols(std::vector<CSymbol> &Symbols) {
  std::stable_sort(
      Symbols.begin(), Symbols.end(),
      [](const CSymbol &A, const CSymbol &B) { return A.Name < B.Name; });
  Symbols.erase(std::unique(Symbols.begin(), Symbols.end(),
                            [](const CSymbol &A, const CSymbol &B) {
                              return A.Name == B.Name;
                            }),
                Symbols.end());
}

const CSymbol *findSymbol(const CompileResult &R, const std::string &Name) {
  return findNamed(R.Symbols, Name);
}

} // namespace cgols
