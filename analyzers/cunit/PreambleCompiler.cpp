//===- PreambleCompiler.cpp - Compile a cgo preamble in memory ------------===//
//
// Design. The preamble is compiled as cmd/cgo's gccErrors compiles it: the
// command line is cgo's base (clang -w-less, -Wno-error is not needed since we
// report warnings as warnings), -ferror-limit=0, -fno-builtin, -xc, then the
// package's flags, so a user's `-x objective-c` wins as it does for cgo. cgo
// feeds the prolog and the preamble on standard input from the package
// directory; we put the preamble in a virtual file in that directory, so that
// #include "x.h" resolves the same way, and -include the prolog from a
// virtual file. Both live in an in-memory layer over the caller's VFS.
//
// Unlike cgo, a missing header is made a plain error rather than a fatal
// one, so Clang goes on: one missing header must not hide other mistakes.
//
//===----------------------------------------------------------------------===//
#include "PreambleCompiler.h"
#include "Symbols.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclObjC.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticLex.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <list>
#include <mutex>
#include <optional>
#include <set>

namespace cgols {

const char *const CgoBuiltinProlog = R"(#include <stddef.h>

/* Define intgo when compiling with GCC.  */
typedef ptrdiff_t intgo;

#define GO_CGO_GOSTRING_TYPEDEF
typedef struct { const char *p; intgo n; } _GoString_;
typedef struct { char *p; intgo n; intgo c; } _GoBytes_;
_GoString_ GoString(char *p);
_GoString_ GoStringN(char *p, int l);
_GoBytes_ GoBytes(void *p, int n);
char *CString(_GoString_);
void *CBytes(_GoBytes_);
void *_CMalloc(size_t);

__attribute__ ((unused))
static size_t _GoStringLen(_GoString_ s) { return (size_t)s.n; }

__attribute__ ((unused))
static const char *_GoStringPtr(_GoString_ s) { return s.p; }
)";

namespace {

constexpr const char *PrologPath = "/__cgols__/cgo-builtin-prolog.h";

// The end of the header name at Begin: <x.h> or "x.h" (or one byte).
std::size_t includeNameEnd(const clang::SourceManager &SM, clang::FileID FID,
                           std::size_t Begin) {
  llvm::StringRef Buf = SM.getBufferData(FID);
  if (Begin >= Buf.size())
    return Begin;
  char Open = Buf[Begin];
  char Close = Open == '<' ? '>' : Open == '"' ? '"' : 0;
  if (Close) {
    std::size_t E = Buf.find_first_of(llvm::StringRef("\n\0", 2), Begin + 1);
    std::size_t C = Buf.find(Close, Begin + 1);
    if (C != llvm::StringRef::npos && (E == llvm::StringRef::npos || C < E))
      return C + 1;
  }
  return Begin + 1;
}

} // namespace

bool isMainFile(const clang::SourceManager &SM, clang::FileID FID) {
  return FID.isValid() &&
         (FID == SM.getMainFileID() || FID == SM.getPreambleFileID());
}

std::optional<std::pair<std::size_t, std::size_t>>
includeSite(const clang::SourceManager &SM, clang::FileID FID,
            const IncludeTable *Includes) {
  clang::FileID Cur = FID;
  while (Cur.isValid() && !isMainFile(SM, Cur)) {
    clang::SourceLocation Inc = SM.getIncludeLoc(Cur);
    if (Inc.isInvalid())
      return std::nullopt;
    Inc = SM.getFileLoc(Inc);
    clang::FileID Up = SM.getFileID(Inc);
    if (isMainFile(SM, Up)) {
      if (Includes && (Includes->Building || SM.isLoadedFileID(Cur)))
        if (auto FE = SM.getFileEntryRefForID(Cur))
          for (const IncludeTable::Site &S : Includes->Sites)
            if (S.File == FE->getName())
              return std::make_pair(S.Begin, S.End);
      std::size_t B = SM.getFileOffset(Inc);
      return std::make_pair(B, includeNameEnd(SM, Up, B));
    }
    Cur = Up;
  }
  return std::nullopt;
}

namespace {

class Collector : public clang::DiagnosticConsumer {
public:
  Collector(CompileResult &R, std::string MainPath,
            const IncludeTable *Includes = nullptr)
      : R(R), MainPath(std::move(MainPath)), Includes(Includes) {}

  void setIncludes(const IncludeTable *T) { Includes = T; }

  void BeginSourceFile(const clang::LangOptions &LO,
                       const clang::Preprocessor *) override {
    LangOpts = LO;
  }

  void HandleDiagnostic(clang::DiagnosticsEngine::Level L,
                        const clang::Diagnostic &Info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(L, Info);
    if (L == clang::DiagnosticsEngine::Ignored)
      return;
    CDiagnostic D;
    switch (L) {
    case clang::DiagnosticsEngine::Note:
    case clang::DiagnosticsEngine::Remark:
      D.Lev = CDiagnostic::Level::Note;
      break;
    case clang::DiagnosticsEngine::Warning:
      D.Lev = CDiagnostic::Level::Warning;
      break;
    case clang::DiagnosticsEngine::Fatal:
      D.Lev = CDiagnostic::Level::Fatal;
      break;
    default:
      D.Lev = CDiagnostic::Level::Error;
    }
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    D.Message = std::string(Msg);
    D.ID = Info.getID();
    llvm::StringRef Opt = clang::DiagnosticIDs::getWarningOptionForDiag(D.ID);
    if (!Opt.empty())
      D.Flag = ("-W" + Opt).str();
    D.isFileNotFound = D.ID == clang::diag::err_pp_file_not_found;
    if (Info.hasSourceManager() && Info.getLocation().isValid())
      locate(Info, D);
    if (D.Lev == CDiagnostic::Level::Note) {
      if (!R.Diags.empty())
        R.Diags.back().Notes.push_back(std::move(D));
      return;
    }
    R.Diags.push_back(std::move(D));
  }

private:
  CompileResult &R;
  std::string MainPath;
  const IncludeTable *Includes;
  clang::LangOptions LangOpts;

  void locate(const clang::Diagnostic &Info, CDiagnostic &D) {
    const clang::SourceManager &SM = Info.getSourceManager();
    clang::SourceLocation Loc = SM.getFileLoc(Info.getLocation());
    clang::FileID FID = SM.getFileID(Loc);
    std::size_t Off = SM.getFileOffset(Loc);
    std::size_t End = Off;
    // The range: the first reported range around the location, else the
    // token at the location.
    for (const clang::CharSourceRange &CR : Info.getRanges()) {
      clang::SourceLocation B = SM.getFileLoc(CR.getBegin());
      clang::SourceLocation E = SM.getFileLoc(CR.getEnd());
      if (SM.getFileID(B) != FID || SM.getFileID(E) != FID)
        continue;
      std::size_t BO = SM.getFileOffset(B), EO = SM.getFileOffset(E);
      if (CR.isTokenRange())
        EO += clang::Lexer::MeasureTokenLength(E, SM, LangOpts);
      if (BO <= Off && Off <= EO) {
        End = EO;
        break;
      }
    }
    if (End == Off)
      End = Off + clang::Lexer::MeasureTokenLength(Loc, SM, LangOpts);
    D.HasLocation = true;
    D.Where.Begin = Off;
    D.Where.End = End;
    bool IsMain = isMainFile(SM, FID);
    D.Where.InPreamble = IsMain;
    if (!IsMain) {
      if (auto FE = SM.getFileEntryRefForID(FID))
        D.Where.File = std::string(FE->getName());
      else
        D.Where.File = std::string(SM.getBufferName(Loc));
      D.Where.Line = SM.getLineNumber(FID, Off);
      D.Where.Column = SM.getColumnNumber(FID, Off);
      if (auto Site = includeSite(SM, FID, Includes)) {
        D.HasIncludeSite = true;
        std::tie(D.IncludeBegin, D.IncludeEnd) = *Site;
      }
    }
    for (const clang::FixItHint &H : Info.getFixItHints()) {
      if (H.RemoveRange.isInvalid())
        continue;
      clang::SourceLocation B = H.RemoveRange.getBegin();
      clang::SourceLocation E = H.RemoveRange.getEnd();
      if (B.isMacroID() || E.isMacroID() || !isMainFile(SM, SM.getFileID(B)) ||
          !isMainFile(SM, SM.getFileID(E)))
        continue;
      std::size_t BO = SM.getFileOffset(B), EO = SM.getFileOffset(E);
      if (H.RemoveRange.isTokenRange())
        EO += clang::Lexer::MeasureTokenLength(E, SM, LangOpts);
      D.FixIts.push_back({BO, EO, H.CodeToInsert});
    }
  }
};

// Records the #if/#ifdef/#ifndef/#elif branches of the main file that were
// taken, as regions with the directive's text.
/// Records the user files (not system headers) the preprocessor enters.
class InputRecorder : public clang::PPCallbacks {
public:
  InputRecorder(const clang::SourceManager &SM, CompileResult &R)
      : SM(SM), R(R) {}
  void FileChanged(clang::SourceLocation Loc, FileChangeReason Reason,
                   clang::SrcMgr::CharacteristicKind Kind,
                   clang::FileID) override {
    if (Reason != EnterFile || Kind != clang::SrcMgr::C_User)
      return;
    clang::FileID FID = SM.getFileID(Loc);
    if (FID == SM.getMainFileID())
      return;
    auto FE = SM.getFileEntryRefForID(FID);
    if (!FE || FE->getName().starts_with("/__cgols__/"))
      return;
    std::string Name = FE->getName().str();
    for (const auto &[P, H] : R.UserInputs)
      if (P == Name)
        return;
    if (auto Buf = SM.getBufferOrNone(FID))
      R.UserInputs.push_back({Name, contentHash(Buf->getBuffer())});
  }

private:
  const clang::SourceManager &SM;
  CompileResult &R;
};

class ConditionRecorder : public clang::PPCallbacks {
public:
  struct Region {
    std::size_t Begin, End;
    std::string Text;
  };
  ConditionRecorder(clang::SourceManager &SM, std::vector<Region> &Out)
      : SM(SM), Out(Out) {}
  void If(clang::SourceLocation Loc, clang::SourceRange,
          ConditionValueKind V) override {
    open(Loc, V == CVK_True);
  }
  void Ifdef(clang::SourceLocation Loc, const clang::Token &,
             const clang::MacroDefinition &MD) override {
    open(Loc, static_cast<bool>(MD));
  }
  void Ifndef(clang::SourceLocation Loc, const clang::Token &,
              const clang::MacroDefinition &MD) override {
    open(Loc, !MD);
  }
  void Elif(clang::SourceLocation Loc, clang::SourceRange, ConditionValueKind V,
            clang::SourceLocation) override {
    close(Loc);
    open(Loc, V == CVK_True);
  }
  void Else(clang::SourceLocation Loc, clang::SourceLocation) override {
    close(Loc);
    Stack.push_back({Loc, false});
  }
  void Endif(clang::SourceLocation Loc, clang::SourceLocation) override {
    close(Loc);
  }

private:
  clang::SourceManager &SM;
  std::vector<Region> &Out;
  struct Open {
    clang::SourceLocation Loc;
    bool Taken;
  };
  std::vector<Open> Stack;
  void open(clang::SourceLocation Loc, bool Taken) {
    Stack.push_back({Loc, Taken});
  }
  void close(clang::SourceLocation End) {
    if (Stack.empty())
      return;
    Open O = Stack.back();
    Stack.pop_back();
    if (!O.Taken || !SM.isInMainFile(O.Loc) || !SM.isInMainFile(End))
      return;
    std::size_t B = SM.getFileOffset(O.Loc);
    llvm::StringRef Buf = SM.getBufferData(SM.getMainFileID());
    std::size_t LineEnd = Buf.find('\n', B);
    // The directive text: back to the '#', up to the end of its line.
    std::size_t Hash = Buf.rfind('#', B);
    if (Hash == llvm::StringRef::npos)
      Hash = B;
    Out.push_back(
        {B, SM.getFileOffset(End), Buf.slice(Hash, LineEnd).trim().str()});
  }
};

/// Records the precompiled preamble's macros that the body #undefs.
class UndefRecorder : public clang::PPCallbacks {
public:
  UndefRecorder(const clang::SourceManager &SM, BodyFacts &Body)
      : SM(SM), Body(Body) {}
  void MacroUndefined(const clang::Token &Name,
                      const clang::MacroDefinition &MD,
                      const clang::MacroDirective *) override {
    const clang::MacroInfo *MI = MD.getMacroInfo();
    if (MI && SM.isLoadedSourceLocation(MI->getDefinitionLoc()))
      if (const clang::IdentifierInfo *II = Name.getIdentifierInfo())
        Body.Undefined.insert(II->getName().str());
  }

private:
  const clang::SourceManager &SM;
  BodyFacts &Body;
};

/// Records, while a precompiled block is built:
///  - every file entered that has no modification time (the editor's unsaved
///    text, in-memory files), with a hash of its content: the block's check
///    of the files it read compares sizes and times, which cannot see those
///    change;
///  - the #include of the block that brought in each header it entered
///    directly (see IncludeTable).
class BlockRecorder : public clang::PPCallbacks {
public:
  BlockRecorder(const clang::SourceManager &SM,
                std::vector<std::pair<std::string, std::uint64_t>> &Unstamped,
                IncludeTable &Includes)
      : SM(SM), Unstamped(Unstamped), Includes(Includes) {}
  void FileChanged(clang::SourceLocation Loc, FileChangeReason Reason,
                   clang::SrcMgr::CharacteristicKind, clang::FileID) override {
    if (Reason != EnterFile)
      return;
    clang::FileID FID = SM.getFileID(Loc);
    auto FE = SM.getFileEntryRefForID(FID);
    if (!FE || FID == SM.getMainFileID())
      return;
    if (FE->getModificationTime() == 0)
      if (auto Buf = SM.getBufferOrNone(FID))
        Unstamped.push_back(
            {FE->getName().str(), contentHash(Buf->getBuffer())});
    clang::SourceLocation Inc = SM.getIncludeLoc(FID);
    if (Inc.isInvalid())
      return;
    Inc = SM.getFileLoc(Inc);
    clang::FileID Up = SM.getFileID(Inc);
    if (Up != SM.getMainFileID())
      return;
    std::size_t B = SM.getFileOffset(Inc);
    Includes.Sites.push_back(
        {FE->getName().str(), B, includeNameEnd(SM, Up, B)});
  }

private:
  const clang::SourceManager &SM;
  std::vector<std::pair<std::string, std::uint64_t>> &Unstamped;
  IncludeTable &Includes;
};

/// Turns a finished compile's AST and preprocessor into a CompileResult.
/// Over a precompiled preamble (Body set), only what the compile parsed
/// itself: the preamble's part was collected when it was built.
class ResultCollector {
public:
  ResultCollector(CompileResult &R, bool RecordNameFiles, bool Symbols,
                  std::vector<std::string> SymbolNames,
                  BodyFacts *Body = nullptr,
                  const IncludeTable *Includes = nullptr)
      : R(R), RecordNameFiles(RecordNameFiles), Symbols(Symbols),
        SymbolNames(std::move(SymbolNames)), Body(Body), Includes(Includes) {}

  std::vector<ConditionRecorder::Region> Regions;

  void finish(clang::CompilerInstance &CI) {
    bool Local = Body != nullptr;
    if (CI.hasASTContext()) {
      const clang::SourceManager &SM = CI.getSourceManager();
      for (const clang::Decl *D : topLevelDecls(CI, Local)) {
        collect(D);
        definition(SM, D);
        if (Body)
          defined(D);
        if (RecordNameFiles)
          if (const auto *ND = llvm::dyn_cast<clang::NamedDecl>(D))
            if (ND->getIdentifier())
              nameFile(SM, ND->getName().str(), ND->getLocation());
      }
    }
    if (CI.hasPreprocessor())
      for (const auto &M :
           CI.getPreprocessor().macros(/*IncludeExternalMacros=*/!Local)) {
        if (!M.first)
          continue;
        const clang::MacroInfo *MI = CI.getPreprocessor().getMacroInfo(M.first);
        if (!MI || (Local && CI.getSourceManager().isLoadedSourceLocation(
                                 MI->getDefinitionLoc())))
          continue;
        (MI->isFunctionLike() ? FunctionMacros : Declared)
            .push_back(M.first->getName().str());
        if (RecordNameFiles)
          nameFile(CI.getSourceManager(), M.first->getName().str(),
                   MI->getDefinitionLoc());
      }
    if (Symbols)
      collectSymbols(CI, R, SymbolNames, Local);
    // Sorted once here, so that checks can binary-search them on every
    // analysis (gtk.h declares tens of thousands of names).
    R.DeclaredNames = NameList(std::move(Declared));
    R.FunctionMacros = NameList(std::move(FunctionMacros));
    if (CI.hasASTContext()) {
      std::vector<std::string> External =
          collectLinkRefs(CI, R, Local, Includes);
      setDeclaredExternal(R, External);
      if (Body)
        Body->External = std::move(External);
    }
  }

private:
  CompileResult &R;
  /// Names declared and function-like macros, sorted into R at the end.
  std::vector<std::string> Declared, FunctionMacros;
  bool RecordNameFiles;
  bool Symbols;
  std::vector<std::string> SymbolNames;
  BodyFacts *Body;
  const IncludeTable *Includes;

  void defined(const clang::Decl *D) {
    if (const auto *F = llvm::dyn_cast<clang::FunctionDecl>(D)) {
      if (F->doesThisDeclarationHaveABody() && F->getIdentifier())
        Body->Defined.insert(F->getName().str());
    } else if (const auto *V = llvm::dyn_cast<clang::VarDecl>(D)) {
      if (V->getIdentifier() &&
          V->isThisDeclarationADefinition() != clang::VarDecl::DeclarationOnly)
        Body->Defined.insert(V->getName().str());
    } else if (const auto *I =
                   llvm::dyn_cast<clang::ObjCImplementationDecl>(D)) {
      Body->Defined.insert(I->getName().str());
    }
  }

  // External definitions, outside system headers and cgols's prolog.
  void definition(const clang::SourceManager &SM, const clang::Decl *D) {
    CDefinition Def;
    clang::SourceLocation Loc;
    if (const auto *F = llvm::dyn_cast<clang::FunctionDecl>(D)) {
      if (!F->doesThisDeclarationHaveABody() ||
          F->getStorageClass() == clang::SC_Static || F->isInlineSpecified() ||
          !F->getIdentifier())
        return;
      Def.K = CDefinition::Kind::Function;
      Def.Name = F->getName().str();
      Loc = F->getLocation();
    } else if (const auto *V = llvm::dyn_cast<clang::VarDecl>(D)) {
      if (V->getStorageClass() == clang::SC_Static || !V->getIdentifier())
        return;
      auto K = V->isThisDeclarationADefinition();
      if (K == clang::VarDecl::DeclarationOnly)
        return;
      Def.K = CDefinition::Kind::Variable;
      Def.Tentative = K == clang::VarDecl::TentativeDefinition;
      Def.Name = V->getName().str();
      Loc = V->getLocation();
    } else if (const auto *I =
                   llvm::dyn_cast<clang::ObjCImplementationDecl>(D)) {
      Def.K = CDefinition::Kind::ObjCClass;
      Def.Name = I->getName().str();
      Loc = I->getLocation();
    } else {
      return;
    }
    Loc = SM.getFileLoc(Loc);
    if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
      return;
    clang::FileID FID = SM.getFileID(Loc);
    std::size_t Off = SM.getFileOffset(Loc);
    Def.Where.Begin = Off;
    Def.Where.End = Off + Def.Name.size();
    Def.DeclBegin = SM.getFileOffset(SM.getFileLoc(D->getBeginLoc()));
    if (isMainFile(SM, FID)) {
      Def.Where.InPreamble = true;
      // Regions are recorded as they close, inner ones first: the first
      // that contains the definition is the innermost.
      for (const auto &Rg : Regions)
        if (Rg.Begin <= Off && Off < Rg.End) {
          Def.Condition = Rg.Text;
          break;
        }
    } else {
      auto FE = SM.getFileEntryRefForID(FID);
      if (!FE || FE->getName().starts_with("/__cgols__/"))
        return;
      Def.Where.File = FE->getName().str();
      Def.Where.Line = SM.getLineNumber(FID, Off);
      if (auto Site = includeSite(SM, FID, Includes)) {
        Def.HasIncludeSite = true;
        std::tie(Def.IncludeBegin, Def.IncludeEnd) = *Site;
      }
    }
    R.Definitions.push_back(std::move(Def));
  }

  void nameFile(const clang::SourceManager &SM, const std::string &Name,
                clang::SourceLocation Loc) {
    Loc = SM.getFileLoc(Loc);
    if (Loc.isInvalid())
      return;
    if (auto FE = SM.getFileEntryRefForID(SM.getFileID(Loc)))
      R.NameFiles.push_back({Name, FE->getName().str()});
  }

  void collect(const clang::Decl *D) {
    // cgo cannot use what Clang rejected: an invalid declaration is not one.
    if (D->isInvalidDecl())
      return;
    if (const auto *TD = llvm::dyn_cast<clang::TagDecl>(D)) {
      if (!TD->getName().empty()) {
        const char *Kind = TD->isStruct()  ? "struct_"
                           : TD->isUnion() ? "union_"
                           : TD->isEnum()  ? "enum_"
                                           : "";
        Declared.push_back(Kind + TD->getName().str());
      }
      if (const auto *ED = llvm::dyn_cast<clang::EnumDecl>(D))
        for (const clang::EnumConstantDecl *C : ED->enumerators())
          Declared.push_back(C->getName().str());
      return;
    }
    if (const auto *ND = llvm::dyn_cast<clang::NamedDecl>(D))
      if (ND->getIdentifier())
        Declared.push_back(ND->getName().str());
  }
};

// -fsyntax-only, keeping diagnostics after fatal errors and recording the
// names the preamble declares.
class PreambleAction : public clang::SyntaxOnlyAction {
public:
  PreambleAction(CompileResult &R, bool RecordNameFiles, bool Symbols,
                 std::vector<std::string> SymbolNames,
                 BodyFacts *Body = nullptr,
                 const IncludeTable *Includes = nullptr)
      : R(R), Body(Body), Results(R, RecordNameFiles, Symbols,
                                  std::move(SymbolNames), Body, Includes) {}

protected:
  bool BeginSourceFileAction(clang::CompilerInstance &CI) override {
    clang::Preprocessor &PP = CI.getPreprocessor();
    PP.addPPCallbacks(std::make_unique<ConditionRecorder>(CI.getSourceManager(),
                                                          Results.Regions));
    PP.addPPCallbacks(
        std::make_unique<InputRecorder>(CI.getSourceManager(), R));
    if (Body)
      PP.addPPCallbacks(
          std::make_unique<UndefRecorder>(CI.getSourceManager(), *Body));
    // A missing header is fatal to Clang, which then goes silent; make it a
    // plain error so that the rest of the preamble is still checked.
    CI.getDiagnostics().setSeverity(clang::diag::err_pp_file_not_found,
                                    clang::diag::Severity::Error,
                                    clang::SourceLocation());
    return clang::SyntaxOnlyAction::BeginSourceFileAction(CI);
  }
  void EndSourceFileAction() override {
    Results.finish(getCompilerInstance());
    clang::SyntaxOnlyAction::EndSourceFileAction();
  }

private:
  CompileResult &R;
  BodyFacts *Body;
  ResultCollector Results;
};

} // namespace

std::uint64_t contentHash(llvm::StringRef Text) { return llvm::xxHash64(Text); }

namespace {
template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};
template <class A, class B>
struct IsVector<std::pair<A, B>> : std::false_type {};

// What V holds outside its own object (strings' and vectors' heap bytes),
// over the field lists; small strings count as nothing.
template <class T> std::size_t heapBytes(const T &V) {
  if constexpr (std::is_same_v<T, std::string>) {
    return V.size() > 15 ? V.capacity() + 1 : 0;
  } else if constexpr (std::is_same_v<T, NameList>) {
    return V.bytes();
  } else if constexpr (std::is_same_v<T, std::vector<bool>>) {
    return V.size() / 8;
  } else if constexpr (IsVector<T>::value) {
    std::size_t N = 0;
    for (const auto &E : V)
      N += sizeof(E) + heapBytes(E);
    return N;
  } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
    return 0;
  } else if constexpr (fields::Listed<T>) {
    std::size_t N = 0;
    fields::forEach(V, [&](const char *, const auto &F) { N += heapBytes(F); });
    return N;
  } else { // a pair
    return heapBytes(V.first) + heapBytes(V.second);
  }
}
} // namespace

std::size_t approximateBytes(const CompileResult &R) {
  return sizeof(R) + heapBytes(R);
}

namespace {

std::vector<std::string> compileArgs(const CompileRequest &Req,
                                     const std::string &MainPath) {
  bool Source = !Req.SourcePath.empty();
  std::vector<std::string> Args = {
      Req.ClangPath.empty() ? "clang" : Req.ClangPath,
      "-fsyntax-only",
      "-target",
      Req.T.clangTriple(),
      "-ferror-limit=0",
      "-fno-caret-diagnostics",
      "-Wno-unknown-warning-option",
      // cgols's own -target (the go command passes -arch) must not produce
      // diagnostics: with a package's -mmacosx-version-min, clang warns that
      // the one overrides the other (-Woverriding-t-option in clang 16,
      // -Woverriding-option since 17).
      "-Wno-overriding-t-option",
      "-Wno-overriding-option",
      "-Wno-unneeded-internal-declaration",
      "-Wno-unused-function",
      "-Qunused-arguments",
      "-fno-builtin",
      "-O0",
  };
  // Plain comments above a declaration become its documentation (hover).
  if (Req.CollectSymbols && !Source)
    Args.push_back("-fparse-all-comments");
  if (!Req.ResourceDir.empty()) {
    Args.push_back("-resource-dir");
    Args.push_back(Req.ResourceDir);
  }
  if (!Req.Sysroot.empty()) {
    Args.push_back(Req.T.isDarwin() ? "-isysroot" : "--sysroot");
    Args.push_back(Req.Sysroot);
  }
  if (!Source) {
    Args.push_back("-include");
    Args.push_back(PrologPath);
    Args.push_back("-xc");
  }
  for (const std::string &F : Req.Flags)
    Args.push_back(F);
  Args.push_back(MainPath);
  return Args;
}

// ---- Precompiled preambles -------------------------------------------------
//
// As in clangd: the leading #include block of a preamble (Clang's
// ComputePreambleBounds: the comments and directives before the first
// declaration) is compiled once into a precompiled preamble kept in this
// process's memory, and an edit below it parses only the rest over it. The
// parts of a result that the parse over it no longer sees (its diagnostics,
// names, definitions, link references, symbols and inputs) are collected
// when it is built and merged into every result that uses it
// (mergePrecompiled).
// It is reused while the block's text, the flags and every file it read are
// unchanged (PrecompiledPreamble::CanReuse compares sizes and times; files
// with no time, such as the editor's unsaved text, by their content here).

struct PCHEntry {
  std::string Key; ///< the flags, the directory and the block's text
  std::shared_ptr<const clang::PrecompiledPreamble> PCH;
  /// What the block's compile found (filled while it is built).
  std::shared_ptr<CompileResult> Part = std::make_shared<CompileResult>();
  std::string Id; ///< names Part in this process (SplitResult::PartId)
  std::vector<std::pair<std::string, std::uint64_t>> Unstamped;
  IncludeTable Includes;
  std::time_t BuiltAt = 0; ///< when it started, in seconds
  std::size_t Bytes = 0;
};

class PCHStore {
public:
  std::shared_ptr<const PCHEntry> get(const std::string &Key) {
    std::lock_guard<std::mutex> L(M);
    for (auto It = Entries.begin(); It != Entries.end(); ++It)
      if ((*It)->Key == Key) {
        auto E = *It;
        Entries.erase(It);
        Entries.push_front(E);
        return E;
      }
    return nullptr;
  }
  void put(std::shared_ptr<const PCHEntry> E) {
    std::lock_guard<std::mutex> L(M);
    for (auto It = Entries.begin(); It != Entries.end(); ++It)
      if ((*It)->Key == E->Key) {
        Entries.erase(It);
        break;
      }
    Entries.push_front(std::move(E));
    trim();
  }
  void clear() {
    std::lock_guard<std::mutex> L(M);
    Entries.clear();
  }
  PrecompiledPreambleStats Stats;
  std::mutex StatsM;

private:
  std::mutex M;
  std::list<std::shared_ptr<const PCHEntry>> Entries; ///< most recent first
  static constexpr unsigned Limit = 6;
  static constexpr std::size_t MaxBytes = std::size_t(384) << 20;
  void trim() {
    std::size_t Bytes = 0, N = 0;
    for (auto It = Entries.begin(); It != Entries.end();) {
      Bytes += (*It)->Bytes;
      if (++N > Limit || (N > 1 && Bytes > MaxBytes))
        It = Entries.erase(It);
      else
        ++It;
    }
  }
};

void count(PCHStore &S, unsigned PrecompiledPreambleStats::*Field) {
  std::lock_guard<std::mutex> L(S.StatsM);
  ++(S.Stats.*Field);
}

/// Builds a precompiled preamble and collects what its compile found.
class PCHCallbacks : public clang::PreambleCallbacks {
public:
  PCHCallbacks(PCHEntry &E, const CompileRequest &Req)
      : E(E),
        Results(*E.Part, /*RecordNameFiles=*/false, Req.CollectSymbols, {}) {}
  void BeforeExecute(clang::CompilerInstance &CI) override {
    SM = &CI.getSourceManager();
    CI.getDiagnostics().setSeverity(clang::diag::err_pp_file_not_found,
                                    clang::diag::Severity::Error,
                                    clang::SourceLocation());
  }
  std::unique_ptr<clang::PPCallbacks> createPPCallbacks() override {
    struct Both : clang::PPCallbacks {
      InputRecorder Inputs;
      BlockRecorder Block;
      Both(const clang::SourceManager &SM, PCHEntry &E)
          : Inputs(SM, *E.Part), Block(SM, E.Unstamped, E.Includes) {}
      void FileChanged(clang::SourceLocation Loc, FileChangeReason Reason,
                       clang::SrcMgr::CharacteristicKind Kind,
                       clang::FileID Prev) override {
        Inputs.FileChanged(Loc, Reason, Kind, Prev);
        Block.FileChanged(Loc, Reason, Kind, Prev);
      }
    };
    return std::make_unique<Both>(*SM, E);
  }
  void AfterExecute(clang::CompilerInstance &CI) override {
    Results.finish(CI);
  }
  // Function bodies in headers are kept: the link check follows them.
  bool shouldSkipFunctionBody(clang::Decl *) override { return false; }

private:
  PCHEntry &E;
  ResultCollector Results;
  const clang::SourceManager *SM = nullptr;
};

// What CanReuse cannot see: it compares sizes and times to the second, so a
// file without a time (the editor's unsaved text) or one written again
// within seconds of the build with the same size looks unchanged. Those are
// compared by content.
bool inputsUnchanged(const PCHEntry &E, llvm::vfs::FileSystem &FS) {
  auto Same = [&](const std::string &Path, std::uint64_t Hash) {
    auto Buf = FS.getBufferForFile(Path);
    return Buf && contentHash((*Buf)->getBuffer()) == Hash;
  };
  for (const auto &[Path, Hash] : E.Unstamped)
    if (!Same(Path, Hash))
      return false;
  for (const auto &[Path, Hash] : E.Part->UserInputs) {
    llvm::ErrorOr<llvm::vfs::Status> St = FS.status(Path);
    if (!St)
      return false;
    auto Time = llvm::sys::toTimeT(St->getLastModificationTime());
    if ((Time == 0 || Time + 2 >= E.BuiltAt) && !Same(Path, Hash))
      return false;
  }
  return true;
}

} // namespace

/// The result of a parse over a precompiled preamble, merged with what the
/// preamble's own compile found.
CompileResult mergePrecompiled(const CompileResult &Part, CompileResult Body,
                               const BodyFacts &Facts) {
  CompileResult R;
  R.Diags = Part.Diags;
  for (CDiagnostic &D : Body.Diags)
    R.Diags.push_back(std::move(D));
  auto Gone = [&](llvm::StringRef N) {
    return Facts.Undefined.count(std::string_view(N)) != 0;
  };
  auto Defined = [&](llvm::StringRef N) {
    return Facts.Defined.count(std::string_view(N)) != 0;
  };
  // The two sorted name lists merged in one pass (the block's are tens of
  // thousands, the body's a few), each name external when the block
  // declares it so and the body does not define it, or the body declares it
  // so.
  std::vector<llvm::StringRef> Names;
  Names.reserve(Part.DeclaredNames.size() + Body.DeclaredNames.size());
  std::vector<bool> External;
  External.reserve(Names.capacity());
  std::size_t I = 0, J = 0;
  const NameList &A = Part.DeclaredNames, &B = Body.DeclaredNames;
  auto BodyExternal = [&](llvm::StringRef N) {
    return std::binary_search(
        Facts.External.begin(), Facts.External.end(), N,
        [](llvm::StringRef X, llvm::StringRef Y) { return X < Y; });
  };
  while (I < A.size() || J < B.size()) {
    bool TakeA = J == B.size() || (I < A.size() && A[I] <= B[J]);
    bool TakeB = I == A.size() || (J < B.size() && B[J] <= A[I]);
    llvm::StringRef N = TakeA ? A[I] : B[J];
    bool Ext = false;
    bool Keep = true;
    if (TakeA) {
      Ext = I < Part.DeclaredExternal.size() && Part.DeclaredExternal[I] &&
            !Defined(N);
      Keep = !Gone(N) || TakeB;
      ++I;
    }
    if (TakeB) {
      Ext = Ext || BodyExternal(N);
      ++J;
    }
    if (!Keep)
      continue;
    Names.push_back(N);
    External.push_back(Ext);
  }
  R.DeclaredNames = NameList(Names, NameList::SortedTag{});
  R.DeclaredExternal = std::move(External);
  std::vector<std::string> Macros;
  for (llvm::StringRef N : Part.FunctionMacros)
    if (!Gone(N))
      Macros.push_back(N.str());
  for (llvm::StringRef N : Body.FunctionMacros)
    Macros.push_back(N.str());
  R.FunctionMacros = NameList(std::move(Macros));
  R.LinkRefs.reserve(Part.LinkRefs.size() + Body.LinkRefs.size());
  for (const CLinkRef &L : Part.LinkRefs)
    if (!Defined(L.Name))
      R.LinkRefs.push_back(L);
  for (CLinkRef &L : Body.LinkRefs)
    R.LinkRefs.push_back(std::move(L));
  R.StaticUses = Part.StaticUses;
  R.StaticUses.insert(R.StaticUses.end(), Body.StaticUses.begin(),
                      Body.StaticUses.end());
  std::sort(R.StaticUses.begin(), R.StaticUses.end());
  R.StaticUses.erase(std::unique(R.StaticUses.begin(), R.StaticUses.end()),
                     R.StaticUses.end());
  R.Definitions = Part.Definitions;
  for (CDefinition &D : Body.Definitions)
    R.Definitions.push_back(std::move(D));
  // One symbol per name, the first declaration's (the preamble's first).
  for (const CSymbol &S : Part.Symbols)
    if (S.K != CSymbol::Kind::Macro || !Gone(S.Name))
      R.Symbols.push_back(S);
  for (CSymbol &S : Body.Symbols)
    R.Symbols.push_back(std::move(S));
  sortSymbols(R.Symbols);
  for (const CDiagnostic &D : R.Diags)
    R.MissingHeader = R.MissingHeader || D.isFileNotFound;
  R.UserInputs = Part.UserInputs;
  for (auto &In : Body.UserInputs)
    if (std::find(R.UserInputs.begin(), R.UserInputs.end(), In) ==
        R.UserInputs.end())
      R.UserInputs.push_back(std::move(In));
  return R;
}

namespace {

const clang::LangOptions &langOpts(const clang::CompilerInvocation &Inv) {
#if CLANG_VERSION_MAJOR >= 18
  return Inv.getLangOpts();
#else
  return *Inv.getLangOpts();
#endif
}

/// A preamble's compile over a precompiled preamble of its #include block
/// (built or reused); nothing when that does not apply: not asked for
/// (Precompile), a .c file, the header index's or a deep hover's compile,
/// no block, or flags the driver rejects (the plain compile then reports
/// them).
std::optional<SplitResult>
compileOverPCH(const CompileRequest &Req, const std::vector<std::string> &Args,
               const std::string &MainPath, const std::string &Dir,
               llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
               PCHStore *Store) {
  if (!Store || !Req.Precompile || !Req.SourcePath.empty() ||
      Req.RecordNameFiles || !Req.SymbolNames.empty())
    return std::nullopt;
  CompileResult Body;
  Collector C(Body, MainPath); // its IncludeTable is the block's, below
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  // The driver's own warnings follow the command line's -W flags, as in
  // ToolInvocation. The engine owns its (reference-counted) options.
  llvm::IntrusiveRefCntPtr<clang::DiagnosticsEngine> DriverDiags =
      clang::CompilerInstance::createDiagnostics(
          clang::CreateAndPopulateDiagOpts(Argv).release(), &C, false);
  clang::CreateInvocationOptions CIO;
  CIO.Diags = DriverDiags;
  CIO.VFS = VFS;
  std::shared_ptr<clang::CompilerInvocation> Inv =
      clang::createInvocation(Argv, CIO);
  if (!Inv || DriverDiags->hasErrorOccurred())
    return std::nullopt;
  Inv->getFrontendOpts().DisableFree = false;
  Inv->getCodeGenOpts().DisableFree = false;
  Inv->getFileSystemOpts().WorkingDir = Dir;
  auto Main = llvm::MemoryBuffer::getMemBufferCopy(Req.Preamble, MainPath);
  clang::PreambleBounds Bounds =
      clang::ComputePreambleBounds(langOpts(*Inv), Main->getMemBufferRef(), 0);
  if (Bounds.Size == 0)
    return std::nullopt;

  // Not the file's own path (the last argument): the files of a package
  // with the same block share it. Quoted includes resolve from the
  // directory, which is in the key.
  std::string Key = Dir + '\0';
  for (std::size_t I = 0; I + 1 < Args.size(); ++I)
    Key += Args[I] + '\0';
  Key.append(Req.Preamble, 0, Bounds.Size);
  std::shared_ptr<const PCHEntry> E = Store->get(Key);
  if (E && (!E->PCH->CanReuse(*Inv, Main->getMemBufferRef(), Bounds, *VFS) ||
            !inputsUnchanged(*E, *VFS)))
    E = nullptr;
  if (E) {
    count(*Store, &PrecompiledPreambleStats::Reused);
  } else {
    auto New = std::make_shared<PCHEntry>();
    New->Key = Key;
    New->BuiltAt = std::time(nullptr);
    Collector PC(*New->Part, MainPath, &New->Includes);
    llvm::IntrusiveRefCntPtr<clang::DiagnosticsEngine> PCHDiags =
        clang::CompilerInstance::createDiagnostics(&Inv->getDiagnosticOpts(),
                                                   &PC, false);
    PCHCallbacks CB(*New, Req);
    New->Includes.Building = true;
    auto Built = clang::PrecompiledPreamble::Build(
        *Inv, Main.get(), Bounds, *PCHDiags, VFS,
        std::make_shared<clang::PCHContainerOperations>(),
        /*StoreInMemory=*/true,
#if CLANG_VERSION_MAJOR >= 19
        /*StoragePath=*/"",
#endif
        CB);
    New->Includes.Building = false;
    if (!Built)
      return std::nullopt;
    New->PCH =
        std::make_shared<const clang::PrecompiledPreamble>(std::move(*Built));
    New->Bytes = New->PCH->getSize() + approximateBytes(*New->Part);
    static std::atomic<unsigned> Count{0};
    New->Id = std::to_string(++Count);
    E = New;
    Store->put(E);
    count(*Store, &PrecompiledPreambleStats::Built);
  }

  // The rest of the preamble, over the precompiled block.
  C.setIncludes(&E->Includes);
  clang::CompilerInstance CI(std::make_shared<clang::PCHContainerOperations>());
  E->PCH->AddImplicitPreamble(*Inv, VFS, Main.release());
  CI.setInvocation(Inv);
  CI.createDiagnostics(&C, /*ShouldOwnClient=*/false);
  if (!CI.createFileManager(VFS))
    return std::nullopt;
  CI.createSourceManager(CI.getFileManager());
  BodyFacts Facts;
  PreambleAction Act(Body, /*RecordNameFiles=*/false, Req.CollectSymbols, {},
                     &Facts, &E->Includes);
  CI.ExecuteAction(Act);
  SplitResult R;
  R.Part = E->Part;
  R.PartId = E->Id;
  R.Body = std::move(Body);
  R.Facts = std::move(Facts);
  return R;
}

} // namespace

struct PrecompiledStore::Impl : PCHStore {};

PrecompiledStore::PrecompiledStore() : I(std::make_unique<Impl>()) {}
PrecompiledStore::~PrecompiledStore() = default;

void PrecompiledStore::clear() { I->clear(); }

PrecompiledPreambleStats PrecompiledStore::stats() const {
  std::lock_guard<std::mutex> L(I->StatsM);
  return I->Stats;
}

std::uint64_t preambleAffinity(const CompileRequest &Req, bool *HasBlock) {
  // The directory, not the file: a block is shared by the files of a
  // package that start with it.
  std::string Key = Req.SourcePath + '\0' + Req.T.clangTriple() + '\0' +
                    Req.Sysroot + '\0' +
                    llvm::sys::path::parent_path(Req.GoFilePath).str() + '\0';
  for (const std::string &F : Req.Flags)
    Key += F + '\0';
  unsigned Block = 0;
  if (Req.SourcePath.empty()) {
    clang::LangOptions LO;
    Block = clang::Lexer::ComputePreamble(Req.Preamble, LO).Size;
    Key.append(Req.Preamble, 0, Block);
  }
  if (HasBlock)
    *HasBlock = Block > 0;
  return contentHash(Key);
}

SplitResult
compilePreambleSplit(const CompileRequest &Req,
                     llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                     PrecompiledStore *Store) {
  bool Source = !Req.SourcePath.empty();
  std::string Dir = std::string(
      llvm::sys::path::parent_path(Source ? Req.SourcePath : Req.GoFilePath));
  std::string MainPath =
      Source ? Req.SourcePath : Req.GoFilePath + ".cgo-preamble.c";

  auto Mem = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  if (!Source)
    Mem->addFile(MainPath, 0,
                 llvm::MemoryBuffer::getMemBufferCopy(Req.Preamble));
  Mem->addFile(PrologPath, 0,
               llvm::MemoryBuffer::getMemBufferCopy(CgoBuiltinProlog));
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(FS);
  Overlay->pushOverlay(Mem);
  // The package directory reaches Clang as FileSystemOptions::WorkingDir.
  // Never set the VFS's working directory: on the real file system that is
  // a chdir of the whole process.
  std::vector<std::string> Args = compileArgs(Req, MainPath);
  if (std::optional<SplitResult> R = compileOverPCH(
          Req, Args, MainPath, Dir, Overlay, Store ? Store->I.get() : nullptr))
    return std::move(*R);

  SplitResult Out;
  CompileResult &R = Out.Body;
  clang::FileSystemOptions FSO;
  FSO.WorkingDir = Dir;
  llvm::IntrusiveRefCntPtr<clang::FileManager> Files(
      new clang::FileManager(FSO, Overlay));
  Collector C(R, MainPath);
  clang::tooling::ToolInvocation Inv(
      Args,
      std::make_unique<PreambleAction>(R, Req.RecordNameFiles,
                                       Req.CollectSymbols && !Source,
                                       Req.SymbolNames),
      Files.get());
  Inv.setDiagnosticConsumer(&C);
  // A failed run reports its reasons as (driver) diagnostics, collected above.
  Inv.run();
  for (const CDiagnostic &D : R.Diags)
    R.MissingHeader = R.MissingHeader || D.isFileNotFound;
  return Out;
}

CompileResult
compilePreamble(const CompileRequest &Req,
                llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                PrecompiledStore *Store) {
  SplitResult S = compilePreambleSplit(Req, FS, Store);
  if (!S.Part)
    return std::move(S.Body);
  return mergePrecompiled(*S.Part, std::move(S.Body), S.Facts);
}

} // namespace cgols
