//===- GoShapes.cpp - What Go sees of the C names it uses -----------------===//
//
// cmd/cgo/gcc.go turns each C name a Go file uses into Go: a function into
// _Cfunc_NAME with its parameters' Go types, a C type into _Ctype_NAME. The
// Go compiler then checks the calls, and its messages spell those types:
// builtin types are defined types (_Ctype_int over int32), typedefs are
// aliases (a size_t parameter wants _Ctype_ulong), void * is
// unsafe.Pointer, a function pointer *[0]byte, a union a byte array of its
// size, a struct tag _Ctype_struct_TAG. What cgols cannot spell as the
// compiler does (an anonymous struct, numbered by cgo; an enum; the
// typedefs cgo turns into uintptr) is left "": the check says nothing
// about it.
//
// The names are looked up in Sema's identifier chains, so that a compile over
// a precompiled #include block finds the block's declarations too.
//
//===----------------------------------------------------------------------===//
#include "Symbols.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Sema/IdentifierResolver.h"
#include "clang/Sema/Sema.h"

#include <algorithm>

namespace cgols {
namespace {

std::string builtinGo(const clang::BuiltinType *B) {
  std::string N = cgoBuiltinName(B);
  return N.empty() ? "" : "_Ctype_" + N;
}

// cgo's badPointerTypedef: typedefs of pointers that cgo makes uintptr
// (CoreFoundation's ...Ref, JNI's jobject family, EGL's handles).
bool uintptrTypedef(llvm::StringRef N) {
  return (N.starts_with("CF") && N.ends_with("Ref")) || N == "CFTypeRef" ||
         (N.starts_with("j") &&
          (N == "jobject" || N == "jclass" || N == "jstring" ||
           N == "jthrowable" || N.ends_with("Array") || N == "jweak")) ||
         N == "EGLDisplay" || N == "EGLConfig";
}

bool hasUintptrTypedef(clang::QualType T) {
  while (const auto *TT = T->getAs<clang::TypedefType>()) {
    if (uintptrTypedef(TT->getDecl()->getName()))
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  if (const auto *P = T->getAs<clang::PointerType>())
    return hasUintptrTypedef(P->getPointeeType());
  return false;
}

class Shaper {
public:
  explicit Shaper(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// The Go type as the compiler's messages spell it, or "".
  std::string go(clang::QualType T, int Depth = 0) {
    if (T.isNull() || Depth > 8 || hasUintptrTypedef(T))
      return "";
    clang::QualType C = T.getCanonicalType().getUnqualifiedType();
    if (const auto *B = llvm::dyn_cast<clang::BuiltinType>(C))
      return builtinGo(B);
    if (const auto *P = C->getAs<clang::PointerType>()) {
      clang::QualType Pointee = P->getPointeeType();
      if (Pointee->isVoidType())
        return "unsafe.Pointer";
      if (Pointee->isFunctionType())
        return "*[0]byte";
      std::string In = go(Pointee, Depth + 1);
      return In.empty() ? "" : "*" + In;
    }
    if (const auto *A = Ctx.getAsConstantArrayType(C)) {
      std::string In = go(A->getElementType(), Depth + 1);
      return In.empty()
                 ? ""
                 : "[" + std::to_string(A->getSize().getZExtValue()) + "]" + In;
    }
    if (const auto *R = C->getAs<clang::RecordType>()) {
      const clang::RecordDecl *D = R->getDecl();
      if (D->isUnion()) {
        const clang::RecordDecl *Def = D->getDefinition();
        if (!Def || Def->isInvalidDecl())
          return "";
        return "[" + std::to_string(Ctx.getTypeSizeInChars(C).getQuantity()) +
               "]byte";
      }
      if (D->getName().empty())
        return ""; // cgo numbers anonymous structs: _Ctype_struct___0
      return "_Ctype_struct_" + D->getName().str();
    }
    return ""; // enums, complex, vectors, long double...
  }

  // cmd/cgo's hasPointer(top): whether cgo checks an argument of this type
  // for Go pointers.
  bool checked(clang::QualType T) {
    if (hasUintptrTypedef(T))
      return false;
    clang::QualType C = T.getCanonicalType();
    if (const auto *P = C->getAs<clang::PointerType>()) {
      clang::QualType Pointee = P->getPointeeType().getCanonicalType();
      if (Pointee->isVoidType())
        return true; // unsafe.Pointer
      return hasPointer(Pointee, 0);
    }
    return hasPointer(C, 0);
  }

  void shape(const clang::NamedDecl *D, CGoShape &S) {
    if (const auto *F = llvm::dyn_cast<clang::FunctionDecl>(D)) {
      S.K = CGoShape::Kind::Function;
      if (const auto *P = F->getType()->getAs<clang::FunctionProtoType>())
        S.Variadic = P->isVariadic();
      // A declaration without a prototype (`int f();`) has no parameters
      // for cgo.
      for (const clang::ParmVarDecl *P : F->parameters()) {
        S.Params.push_back(go(P->getType()));
        S.PointerChecked.push_back(checked(P->getType()));
        S.CParams.push_back(P->getType().getAsString(Ctx.getPrintingPolicy()));
      }
      clang::QualType R = F->getReturnType();
      S.CResult = R.getAsString(Ctx.getPrintingPolicy());
      S.Void = R->isVoidType();
      if (!S.Void)
        S.Result = go(R);
      return;
    }
    if (const auto *V = llvm::dyn_cast<clang::VarDecl>(D)) {
      S.K = CGoShape::Kind::Variable;
      S.Type = go(V->getType());
      return;
    }
    if (const auto *T = llvm::dyn_cast<clang::TypedefNameDecl>(D)) {
      S.K = CGoShape::Kind::Type;
      clang::QualType U = T->getUnderlyingType();
      if (uintptrTypedef(T->getName()))
        return;
      S.Type = go(U);
      record(U, S, "C." + T->getName().str());
      return;
    }
    if (const auto *TD = llvm::dyn_cast<clang::TagDecl>(D)) {
      S.K = CGoShape::Kind::Type;
      if (TD->isEnum())
        return;
      clang::QualType T = Ctx.getTagDeclType(TD);
      S.Type = go(T);
      record(T, S, "");
    }
  }

private:
  clang::ASTContext &Ctx;

  bool hasPointer(clang::QualType T, int Depth) {
    if (Depth > 8)
      return true;
    T = T.getCanonicalType();
    if (T->isPointerType())
      return true;
    if (const auto *A = Ctx.getAsArrayType(T))
      return hasPointer(A->getElementType(), Depth + 1);
    if (const auto *R = T->getAs<clang::RecordType>()) {
      const clang::RecordDecl *Def = R->getDecl()->getDefinition();
      if (!Def)
        return false;
      for (const clang::FieldDecl *F : Def->fields())
        if (hasPointer(F->getType(), Depth + 1))
          return true;
    }
    return false;
  }

  void record(clang::QualType T, CGoShape &S, std::string Name) {
    clang::QualType C = T.getCanonicalType();
    const auto *RT = C->getAs<clang::RecordType>();
    if (!RT)
      return;
    const clang::RecordDecl *Def = RT->getDecl()->getDefinition();
    if (!Def || Def->isInvalidDecl())
      return;
    S.Union = Def->isUnion();
    S.RecordName = S.Type.empty() ? Name : S.Type;
    if (S.Union) {
      S.FieldsKnown = !S.Type.empty();
      return;
    }
    // cgo drops fields it cannot lay out as C does; a packed struct is
    // where that happens, so its fields are not judged.
    if (Def->hasAttr<clang::PackedAttr>() || Def->hasFlexibleArrayMember())
      return;
    for (const clang::FieldDecl *F : Def->fields()) {
      if (F->getName().empty())
        continue;
      if (F->isBitField()) {
        S.Omitted.push_back(F->getName().str());
        continue;
      }
      std::string N = F->getName().str();
      if (isGoKeyword(N))
        N = "_" + N;
      S.Fields.push_back(N);
      S.FieldTypes.push_back(go(F->getType()));
    }
    S.FieldsKnown = true;
  }

  static bool isGoKeyword(const std::string &N) {
    static const char *const Keywords[] = {
        "break",     "case",   "chan",    "const",       "continue",
        "default",   "defer",  "else",    "fallthrough", "for",
        "func",      "go",     "goto",    "if",          "import",
        "interface", "map",    "package", "range",       "return",
        "select",    "struct", "switch",  "type",        "var"};
    for (const char *K : Keywords)
      if (N == K)
        return true;
    return false;
  }
};

} // namespace

void collectGoShapes(clang::CompilerInstance &CI, CompileResult &R,
                     const std::vector<std::string> &Names) {
  if (Names.empty() || !CI.hasASTContext() || !CI.hasSema())
    return;
  clang::ASTContext &Ctx = CI.getASTContext();
  Shaper Sh(Ctx);
  for (const std::string &Name : Names) {
    llvm::StringRef N = Name;
    enum { Plain, Struct, Union, Enum } Want = Plain;
    if (N.consume_front("struct_"))
      Want = Struct;
    else if (N.consume_front("union_"))
      Want = Union;
    else if (N.consume_front("enum_"))
      Want = Enum;
    if (N.empty())
      continue;
    clang::IdentifierInfo &II = Ctx.Idents.get(N);
    // Sema's identifier chains: the declarations in scope at the end of the
    // file, loaded name by name from a precompiled block. (The translation
    // unit's own lookup table would be built from every declaration, which
    // deserializes all of gtk.h's: 70 ms per compile.)
    std::vector<const clang::NamedDecl *> Decls;
    clang::IdentifierResolver &IR = CI.getSema().IdResolver;
    for (auto It = IR.begin(clang::DeclarationName(&II)), E = IR.end(); It != E;
         ++It)
      if ((*It)->getDeclContext()->getRedeclContext()->isTranslationUnit())
        Decls.push_back(*It);
    const clang::NamedDecl *Found = nullptr;
    for (const clang::NamedDecl *D : Decls) {
      if (D->isInvalidDecl())
        continue;
      const auto *TD = llvm::dyn_cast<clang::TagDecl>(D);
      if ((Want == Plain) == (TD != nullptr))
        continue;
      if (TD && ((Want == Struct && !TD->isStruct()) ||
                 (Want == Union && !TD->isUnion()) ||
                 (Want == Enum && !TD->isEnum())))
        continue;
      Found = D;
    }
    if (!Found)
      continue;
    if (const auto *F = llvm::dyn_cast<clang::FunctionDecl>(Found))
      Found = F->getMostRecentDecl();
    CGoShape S;
    S.Name = Name;
    Sh.shape(Found, S);
    const clang::SourceManager &SM = Ctx.getSourceManager();
    clang::SourceLocation Loc = SM.getFileLoc(Found->getLocation());
    S.InPreamble = Loc.isValid() && isMainFile(SM, SM.getFileID(Loc));
    R.GoShapes.push_back(std::move(S));
  }
  std::sort(
      R.GoShapes.begin(), R.GoShapes.end(),
      [](const CGoShape &A, const CGoShape &B) { return A.Name < B.Name; });
}

const CGoShape *findGoShape(const CompileResult &R, const std::string &Name) {
  return findNamed(R.GoShapes, Name);
}

} // namespace cgols
