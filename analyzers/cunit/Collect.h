//===- Collect.h - What a compile records, as Clang runs ------------------===//
//
// The listeners a compile of a preamble installs in Clang: the diagnostic
// consumer (Collector), the preprocessor's recorders (inputs, #if branches,
// #undefs, the #include block) and the AST walk that fills a CompileResult
// (ResultCollector, through PreambleAction). Internal to cunit/: the plain
// compile (PreambleCompiler.cpp) and the one over a precompiled block
// (Precompiled.cpp) share them.
//
//===----------------------------------------------------------------------===//
#pragma once

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

namespace cgols::detail {

// The end of the header name at Begin: <x.h> or "x.h" (or one byte).
inline std::size_t includeNameEnd(const clang::SourceManager &SM,
                                  clang::FileID FID, std::size_t Begin) {
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
  /// CompileRequest::GoNames.
  std::vector<std::string> GoNames;

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
    collectGoShapes(CI, R, GoNames);
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
  void setGoNames(std::vector<std::string> Names) {
    Results.GoNames = std::move(Names);
  }

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

} // namespace cgols::detail
