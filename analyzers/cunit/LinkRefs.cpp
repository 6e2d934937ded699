//===- LinkRefs.cpp - What a compiled preamble needs from libraries -------===//
//
// The link check's input from a compile: which external functions and
// variables, Objective-C classes and CoreFoundation string literals the code
// of the preamble and its local headers uses, and in which function, so that
// the check can follow what is really emitted (a static function is emitted
// only when something uses it, from C or, through cgo, from Go). Code in
// system headers is not followed.
//
//===----------------------------------------------------------------------===//

#include "Symbols.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclObjC.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprObjC.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"

#include <algorithm>
#include <set>

namespace cgols {

namespace {

// A function whose definition the translation unit has but that is emitted
// only when used: static, or inline without an external definition.
bool emittedOnlyWhenUsed(const clang::FunctionDecl *FD) {
  const clang::FunctionDecl *Def = FD->getDefinition();
  if (!Def)
    return false;
  return Def->getStorageClass() == clang::SC_Static ||
         (Def->isInlineSpecified() &&
          !Def->isInlineDefinitionExternallyVisible());
}

// A declaration the linker must resolve from elsewhere.
bool needsLibrary(const clang::ValueDecl *D) {
  if (D->isInvalidDecl() || D->isImplicit() || !D->getIdentifier() ||
      D->hasAttr<clang::WeakAttr>() || D->hasAttr<clang::WeakImportAttr>() ||
      D->hasAttr<clang::AliasAttr>())
    return false;
  if (!D->getDeclContext()->getRedeclContext()->isFileContext())
    return false;
  if (const auto *FD = llvm::dyn_cast<clang::FunctionDecl>(D)) {
    if (FD->getBuiltinID() != 0 || FD->getName().starts_with("__builtin"))
      return false;
    return FD->hasExternalFormalLinkage() && !FD->getDefinition();
  }
  if (const auto *VD = llvm::dyn_cast<clang::VarDecl>(D))
    return VD->hasExternalFormalLinkage() && !VD->isStaticLocal() &&
           !VD->isLocalVarDeclOrParm() &&
           VD->hasDefinition() == clang::VarDecl::DeclarationOnly;
  return false;
}

// Walks statements (and the bodies of blocks) for the uses above. A plain
// walk: RecursiveASTVisitor's C++ parts are not needed for C and Objective-C.
class RefVisitor {
public:
  RefVisitor(clang::SourceManager &SM, CompileResult &R,
             std::set<std::pair<std::string, std::string>> &Seen,
             const IncludeTable *Includes)
      : SM(SM), R(R), Seen(Seen), Includes(Includes) {}

  std::string Owner;

  void TraverseStmt(const clang::Stmt *S) {
    if (!S)
      return;
    if (const auto *E = llvm::dyn_cast<clang::DeclRefExpr>(S))
      VisitDeclRefExpr(E);
    else if (const auto *M = llvm::dyn_cast<clang::ObjCMessageExpr>(S))
      VisitObjCMessageExpr(M);
    else if (const auto *L = llvm::dyn_cast<clang::ObjCStringLiteral>(S))
      VisitObjCStringLiteral(L);
    else if (const auto *B = llvm::dyn_cast<clang::BlockExpr>(S))
      TraverseStmt(B->getBody());
    for (const clang::Stmt *C : S->children())
      TraverseStmt(C);
  }
  void TraverseMethods(const clang::ObjCImplDecl *I) {
    for (const clang::ObjCMethodDecl *M : I->methods())
      TraverseStmt(M->getBody());
  }

  void VisitDeclRefExpr(const clang::DeclRefExpr *E) {
    const clang::ValueDecl *D = E->getDecl();
    if (const auto *FD = llvm::dyn_cast<clang::FunctionDecl>(D))
      if (emittedOnlyWhenUsed(FD)) {
        R.StaticUses.push_back({Owner, FD->getName().str()});
        return;
      }
    if (needsLibrary(D))
      ref(D->getName().str(), false, E->getLocation());
  }
  void VisitObjCMessageExpr(const clang::ObjCMessageExpr *E) {
    if (E->getReceiverKind() == clang::ObjCMessageExpr::Class)
      if (const clang::ObjCInterfaceDecl *I = E->getReceiverInterface())
        ref(I->getName().str(), true, E->getReceiverRange().getBegin());
  }
  void VisitObjCStringLiteral(const clang::ObjCStringLiteral *E) {
    ref("__CFConstantStringClassReference", false, E->getAtLoc());
  }

  void ref(std::string Name, bool Class, clang::SourceLocation Loc) {
    if (!Seen.insert({Owner, (Class ? "+" : "") + Name}).second)
      return;
    Loc = SM.getFileLoc(Loc);
    if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
      return;
    CLinkRef L;
    L.Name = std::move(Name);
    L.ObjCClass = Class;
    L.Owner = Owner;
    clang::FileID FID = SM.getFileID(Loc);
    std::size_t Off = SM.getFileOffset(Loc);
    L.Where.Begin = Off;
    L.Where.End = Off + L.Name.size();
    if (isMainFile(SM, FID)) {
      L.Where.InPreamble = true;
    } else {
      auto FE = SM.getFileEntryRefForID(FID);
      if (!FE)
        return;
      L.Where.File = FE->getName().str();
      L.Where.Line = SM.getLineNumber(FID, Off);
      L.Where.Column = SM.getColumnNumber(FID, Off);
      // The #include in the main file that brought the header in.
      if (auto Site = includeSite(SM, FID, Includes)) {
        L.HasIncludeSite = true;
        L.IncludeBegin = Site->first;
        L.IncludeEnd = L.IncludeBegin + 1;
      }
    }
    R.LinkRefs.push_back(std::move(L));
  }

private:
  clang::SourceManager &SM;
  CompileResult &R;
  std::set<std::pair<std::string, std::string>> &Seen;
  const IncludeTable *Includes;
};

} // namespace

bool isExternalName(const CompileResult &R, llvm::StringRef Name) {
  auto It = R.DeclaredNames.lowerBound(Name);
  if (It == R.DeclaredNames.end() || *It != Name)
    return false;
  std::size_t I = It.index();
  return I < R.DeclaredExternal.size() && R.DeclaredExternal[I];
}

std::vector<clang::Decl *> topLevelDecls(clang::CompilerInstance &CI,
                                         bool Local) {
  std::vector<clang::Decl *> Out;
  clang::TranslationUnitDecl *TU = CI.getASTContext().getTranslationUnitDecl();
  if (!Local) {
    for (clang::Decl *D : TU->decls())
      Out.push_back(D);
    return Out;
  }
  for (clang::Decl *D : TU->noload_decls())
    if (!D->isFromASTFile())
      Out.push_back(D);
  return Out;
}

std::vector<std::string> collectLinkRefs(clang::CompilerInstance &CI,
                                         CompileResult &R, bool Local,
                                         const IncludeTable *Includes) {
  clang::SourceManager &SM = CI.getSourceManager();
  std::vector<clang::Decl *> Decls = topLevelDecls(CI, Local);
  std::vector<std::string> External;
  std::set<std::pair<std::string, std::string>> Seen;
  RefVisitor V(SM, R, Seen, Includes);
  auto UserCode = [&](const clang::Decl *D) {
    clang::SourceLocation L = SM.getFileLoc(D->getLocation());
    if (L.isInvalid() || SM.isInSystemHeader(L))
      return false;
    auto FE = SM.getFileEntryRefForID(SM.getFileID(L));
    return !FE || !FE->getName().starts_with("/__cgols__/");
  };
  for (clang::Decl *D : Decls) {
    if (const auto *VD = llvm::dyn_cast<clang::ValueDecl>(D))
      if (needsLibrary(VD))
        External.push_back(VD->getName().str());
    if (D->isInvalidDecl() || !UserCode(D))
      continue;
    if (auto *FD = llvm::dyn_cast<clang::FunctionDecl>(D)) {
      if (!FD->doesThisDeclarationHaveABody())
        continue;
      V.Owner = emittedOnlyWhenUsed(FD) ? FD->getName().str() : "";
      V.TraverseStmt(FD->getBody());
    } else if (auto *VD = llvm::dyn_cast<clang::VarDecl>(D)) {
      if (!VD->hasInit())
        continue;
      V.Owner = VD->getStorageClass() == clang::SC_Static
                    ? "var:" + VD->getName().str()
                    : "";
      V.TraverseStmt(VD->getInit());
    } else if (auto *I = llvm::dyn_cast<clang::ObjCImplementationDecl>(D)) {
      V.Owner = "";
      if (const clang::ObjCInterfaceDecl *Super =
              I->getClassInterface() ? I->getClassInterface()->getSuperClass()
                                     : nullptr)
        V.ref(Super->getName().str(), true,
              I->getClassInterface()->getSuperClassLoc().isValid()
                  ? I->getClassInterface()->getSuperClassLoc()
                  : I->getLocation());
      V.TraverseMethods(I);
    } else if (auto *C = llvm::dyn_cast<clang::ObjCCategoryImplDecl>(D)) {
      V.Owner = "";
      if (const clang::ObjCInterfaceDecl *Cls = C->getClassInterface())
        if (!Cls->getImplementation())
          V.ref(Cls->getName().str(), true, C->getLocation());
      V.TraverseMethods(C);
    }
  }
  // Classes the translation unit implements itself are not needed.
  std::set<std::string> Implemented;
  for (clang::Decl *D : Decls)
    if (auto *I = llvm::dyn_cast<clang::ObjCImplementationDecl>(D))
      Implemented.insert(I->getName().str());
  R.LinkRefs.erase(std::remove_if(R.LinkRefs.begin(), R.LinkRefs.end(),
                                  [&](const CLinkRef &L) {
                                    return L.ObjCClass &&
                                           Implemented.count(L.Name);
                                  }),
                   R.LinkRefs.end());
  std::sort(R.StaticUses.begin(), R.StaticUses.end());
  R.StaticUses.erase(std::unique(R.StaticUses.begin(), R.StaticUses.end()),
                     R.StaticUses.end());
  std::sort(External.begin(), External.end());
  External.erase(std::unique(External.begin(), External.end()), External.end());
  return External;
}

void setDeclaredExternal(CompileResult &R,
                         const std::vector<std::string> &SortedExternal) {
  R.DeclaredExternal.assign(R.DeclaredNames.size(), false);
  for (std::size_t I = 0; I < R.DeclaredNames.size(); ++I)
    R.DeclaredExternal[I] = std::binary_search(
        SortedExternal.begin(), SortedExternal.end(), R.DeclaredNames[I]);
}

} // namespace cgols
