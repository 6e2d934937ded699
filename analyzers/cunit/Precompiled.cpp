//===- Precompiled.cpp - Compiles over a precompiled #include block -------===//
#include "Precompiled.h"
#include "Collect.h"

namespace cgols {

using namespace detail;

namespace {

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

struct PrecompiledStore::Impl : PCHStore {};

struct PrecompiledAccess {
  static PCHStore *of(PrecompiledStore *S) { return S->I.get(); }
};

namespace detail {

const clang::LangOptions &langOpts(const clang::CompilerInvocation &Inv) {
#if CLANG_VERSION_MAJOR >= 18
  return Inv.getLangOpts();
#else
  return *Inv.getLangOpts();
#endif
}

std::optional<SplitResult>
compileOverPCH(const CompileRequest &Req, const std::vector<std::string> &Args,
               const std::string &MainPath, const std::string &Dir,
               llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
               PrecompiledStore *In) {
  PCHStore *Store = In ? PrecompiledAccess::of(In) : nullptr;
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
  Act.setGoNames(Req.GoNames);
  CI.ExecuteAction(Act);
  SplitResult R;
  R.Part = E->Part;
  R.PartId = E->Id;
  R.Body = std::move(Body);
  R.Facts = std::move(Facts);
  return R;
}

} // namespace detail

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
  // Looked up by name over the block: the body's are the whole answer.
  R.GoShapes = std::move(Body.GoShapes);
  for (const CDiagnostic &D : R.Diags)
    R.MissingHeader = R.MissingHeader || D.isFileNotFound;
  R.UserInputs = Part.UserInputs;
  for (auto &In : Body.UserInputs)
    if (std::find(R.UserInputs.begin(), R.UserInputs.end(), In) ==
        R.UserInputs.end())
      R.UserInputs.push_back(std::move(In));
  return R;
}

PrecompiledStore::PrecompiledStore() : I(std::make_unique<Impl>()) {}
PrecompiledStore::~PrecompiledStore() = default;

void PrecompiledStore::clear() { I->clear(); }

PrecompiledPreambleStats PrecompiledStore::stats() const {
  std::lock_guard<std::mutex> L(I->StatsM);
  return I->Stats;
}

} // namespace cgols
