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
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>

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

// The #include in the main file that brought FID in, directly or through
// other headers: the byte range of its header name.
std::optional<std::pair<std::size_t, std::size_t>>
includeSite(const clang::SourceManager &SM, clang::FileID FID) {
  clang::FileID Cur = FID;
  while (Cur.isValid() && Cur != SM.getMainFileID()) {
    clang::SourceLocation Inc = SM.getIncludeLoc(Cur);
    if (Inc.isInvalid())
      return std::nullopt;
    Inc = SM.getFileLoc(Inc);
    clang::FileID Up = SM.getFileID(Inc);
    if (Up == SM.getMainFileID()) {
      std::size_t B = SM.getFileOffset(Inc);
      return std::make_pair(B, includeNameEnd(SM, Up, B));
    }
    Cur = Up;
  }
  return std::nullopt;
}

class Collector : public clang::DiagnosticConsumer {
public:
  Collector(CompileResult &R, std::string MainPath)
      : R(R), MainPath(std::move(MainPath)) {}

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
    bool IsMain = FID == SM.getMainFileID();
    D.Where.InPreamble = IsMain;
    if (!IsMain) {
      if (auto FE = SM.getFileEntryRefForID(FID))
        D.Where.File = std::string(FE->getName());
      else
        D.Where.File = std::string(SM.getBufferName(Loc));
      D.Where.Line = SM.getLineNumber(FID, Off);
      D.Where.Column = SM.getColumnNumber(FID, Off);
      if (auto Site = includeSite(SM, FID)) {
        D.HasIncludeSite = true;
        std::tie(D.IncludeBegin, D.IncludeEnd) = *Site;
      }
    }
    for (const clang::FixItHint &H : Info.getFixItHints()) {
      if (H.RemoveRange.isInvalid())
        continue;
      clang::SourceLocation B = H.RemoveRange.getBegin();
      clang::SourceLocation E = H.RemoveRange.getEnd();
      if (B.isMacroID() || E.isMacroID() ||
          SM.getFileID(B) != SM.getMainFileID() ||
          SM.getFileID(E) != SM.getMainFileID())
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

// -fsyntax-only, keeping diagnostics after fatal errors and recording the
// names the preamble declares.
class PreambleAction : public clang::SyntaxOnlyAction {
public:
  PreambleAction(CompileResult &R, bool RecordNameFiles, bool Symbols,
                 std::vector<std::string> SymbolNames)
      : R(R), RecordNameFiles(RecordNameFiles), Symbols(Symbols),
        SymbolNames(std::move(SymbolNames)) {}

protected:
  bool BeginSourceFileAction(clang::CompilerInstance &CI) override {
    CI.getPreprocessor().addPPCallbacks(
        std::make_unique<ConditionRecorder>(CI.getSourceManager(), Regions));
    CI.getPreprocessor().addPPCallbacks(
        std::make_unique<InputRecorder>(CI.getSourceManager(), R));
    // A missing header is fatal to Clang, which then goes silent; make it a
    // plain error so that the rest of the preamble is still checked.
    CI.getDiagnostics().setSeverity(clang::diag::err_pp_file_not_found,
                                    clang::diag::Severity::Error,
                                    clang::SourceLocation());
    return clang::SyntaxOnlyAction::BeginSourceFileAction(CI);
  }
  void EndSourceFileAction() override {
    clang::CompilerInstance &CI = getCompilerInstance();
    if (CI.hasASTContext()) {
      const clang::SourceManager &SM = CI.getSourceManager();
      for (const clang::Decl *D :
           CI.getASTContext().getTranslationUnitDecl()->decls()) {
        collect(D);
        definition(SM, D);
        if (RecordNameFiles)
          if (const auto *ND = llvm::dyn_cast<clang::NamedDecl>(D))
            if (ND->getIdentifier())
              nameFile(SM, ND->getName().str(), ND->getLocation());
      }
    }
    if (CI.hasPreprocessor())
      for (const auto &M : CI.getPreprocessor().macros()) {
        if (!M.first)
          continue;
        const clang::MacroInfo *MI = CI.getPreprocessor().getMacroInfo(M.first);
        if (!MI)
          continue;
        (MI->isFunctionLike() ? FunctionMacros : Declared)
            .push_back(M.first->getName().str());
        if (RecordNameFiles)
          nameFile(CI.getSourceManager(), M.first->getName().str(),
                   MI->getDefinitionLoc());
      }
    if (Symbols)
      collectSymbols(CI, R, SymbolNames);
    // Sorted once here, so that checks can binary-search them on every
    // analysis (gtk.h declares tens of thousands of names).
    R.DeclaredNames = NameList(std::move(Declared));
    R.FunctionMacros = NameList(std::move(FunctionMacros));
    if (CI.hasASTContext())
      collectLinkRefs(CI, R);
    clang::SyntaxOnlyAction::EndSourceFileAction();
  }

private:
  CompileResult &R;
  /// Names declared and function-like macros, sorted into R at the end.
  std::vector<std::string> Declared, FunctionMacros;
  bool RecordNameFiles;
  bool Symbols;
  std::vector<std::string> SymbolNames;
  std::vector<ConditionRecorder::Region> Regions;

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
    if (FID == SM.getMainFileID()) {
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
      if (auto Site = includeSite(SM, FID)) {
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

} // namespace

std::uint64_t contentHash(llvm::StringRef Text) { return llvm::xxHash64(Text); }

namespace {
// A string's heap bytes plus its object; small strings count as objects.
std::size_t bytesOf(const std::string &S) {
  return sizeof(std::string) + (S.size() > 15 ? S.capacity() + 1 : 0);
}
std::size_t bytesOf(const CLocation &L) {
  return sizeof(L) + bytesOf(L.File) - sizeof(std::string);
}
std::size_t bytesOf(const CDiagnostic &D) {
  std::size_t N = sizeof(D) + bytesOf(D.Message) + bytesOf(D.Flag) +
                  bytesOf(D.Where) - sizeof(CLocation) -
                  2 * sizeof(std::string);
  for (const CFixIt &F : D.FixIts)
    N += sizeof(F) + bytesOf(F.Text);
  for (const CDiagnostic &Note : D.Notes)
    N += bytesOf(Note);
  return N;
}
} // namespace

std::size_t approximateBytes(const CompileResult &R) {
  std::size_t N = sizeof(R) + bytesOf(R.FailureDetail);
  for (const CDiagnostic &D : R.Diags)
    N += bytesOf(D);
  N += R.DeclaredNames.bytes();
  N += R.FunctionMacros.bytes();
  N += R.DeclaredExternal.size() / 8;
  for (const CLinkRef &L : R.LinkRefs)
    N += sizeof(L) + bytesOf(L.Name) + bytesOf(L.Where) + bytesOf(L.Owner);
  for (const auto &[A, B] : R.StaticUses)
    N += bytesOf(A) + bytesOf(B);
  for (const CDefinition &D : R.Definitions)
    N += sizeof(D) + bytesOf(D.Name) + bytesOf(D.Where) + bytesOf(D.Condition);
  for (const auto &[A, B] : R.NameFiles)
    N += bytesOf(A) + bytesOf(B);
  for (const CSymbol &S : R.Symbols) {
    N += sizeof(S) + bytesOf(S.Name) + bytesOf(S.Decl) + bytesOf(S.Doc) +
         bytesOf(S.GoView) + bytesOf(S.Where);
    for (const std::string &P : S.Params)
      N += bytesOf(P);
  }
  for (const auto &[P, H] : R.UserInputs)
    N += bytesOf(P) + sizeof(H);
  return N;
}

CompileResult
compilePreamble(const CompileRequest &Req,
                llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  CompileResult R;
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
  return R;
}

} // namespace cgols
