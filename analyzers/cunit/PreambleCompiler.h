//===- PreambleCompiler.h - Compile a cgo preamble in memory --------------===//
//
// compilePreamble runs Clang (libTooling's ToolInvocation, -fsyntax-only) over
// a preamble the way cmd/cgo's compiler sees it: cgo's builtin prolog first,
// then the preamble text as a file in the Go file's directory, with cgo's own
// flags, then the package's, for one target triple and sysroot. Every file is
// read through the given VFS. The result is plain data: diagnostics in byte
// offsets of the preamble (or of a header), with the include that led there.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "NameList.h"
#include "core/Fields.h"
#include "gobuild/Target.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace cgols {

struct CompileRequest {
  std::string GoFilePath; ///< names the virtual preamble file and its directory
  /// When set, compile this .c or .m file of the package instead of a
  /// preamble (no prolog; the language follows the extension and flags).
  std::string SourcePath;
  std::string Preamble; ///< the text cmd/cgo compiles (#cgo lines blanked)
  Target T;
  /// Flags in cgo's order: CGO_CPPFLAGS, #cgo CPPFLAGS, CGO_CFLAGS, #cgo
  /// CFLAGS.
  std::vector<std::string> Flags;
  /// The SDK (darwin, -isysroot) or sysroot (--sysroot); empty: the host's.
  std::string Sysroot;
  std::string ResourceDir; ///< Clang's builtin headers
  std::string ClangPath;   ///< argv[0] for the driver
  /// Record, for every name declared, the file that declares it
  /// (CompileResult::NameFiles); for the header index.
  bool RecordNameFiles = false;
  /// Record what names are (CompileResult::Symbols): for hover, definition
  /// and completion on C names. Preambles only. Without SymbolNames, the
  /// names the preamble and the headers it includes itself declare (cheap:
  /// gtk.h's 40,000 names would cost 0.3 s and megabytes per file); with
  /// them, exactly those names, wherever declared (a hover on a deeper name
  /// compiles once more for it).
  bool CollectSymbols = false;
  std::vector<std::string> SymbolNames;
  /// The names the file's Go code uses after C. (sorted, unique; preambles
  /// only): their Go view is recorded (CompileResult::GoShapes) for the
  /// Go-side check of calls, conversions and fields.
  std::vector<std::string> GoNames;
  /// Compile over a precompiled #include block (built on the first such
  /// compile and kept by this process): for files being edited. The result
  /// is the same either way.
  bool Precompile = false;
};
CGOLS_FIELDS(CompileRequest, GoFilePath, SourcePath, Preamble, T, Flags,
             Sysroot, ResourceDir, ClangPath, RecordNameFiles, CollectSymbols,
             SymbolNames, GoNames, Precompile)

/// A location Clang reported: in the preamble, or in another file.
struct CLocation {
  bool InPreamble = false;
  std::string File; ///< when not in the preamble
  std::size_t Begin = 0, End = 0;
  unsigned Line = 0, Column = 0; ///< 1-based, for files other than the preamble
};
CGOLS_FIELDS(CLocation, InPreamble, File, Begin, End, Line, Column)

struct CFixIt {
  std::size_t Begin = 0, End = 0; ///< preamble offsets
  std::string Text;
};
CGOLS_FIELDS(CFixIt, Begin, End, Text)

struct CDiagnostic {
  enum class Level { Note, Warning, Error, Fatal };
  BOOST_DESCRIBE_NESTED_ENUM(Level, Note, Warning, Error, Fatal)
  Level Lev = Level::Error;
  std::string Message;
  std::string Flag; ///< the warning option, e.g. "-Wint-conversion"
  unsigned ID = 0;  ///< Clang's diagnostic ID
  bool HasLocation = false;
  CLocation Where;
  /// For a location in a header: the #include (in the preamble) that
  /// brought the header in, directly or not.
  bool HasIncludeSite = false;
  std::size_t IncludeBegin = 0, IncludeEnd = 0;
  std::vector<CFixIt> FixIts;
  std::vector<CDiagnostic> Notes;
  bool isFileNotFound = false;
};
CGOLS_FIELDS(CDiagnostic, Lev, Message, Flag, ID, HasLocation, Where,
             HasIncludeSite, IncludeBegin, IncludeEnd, FixIts, Notes,
             isFileNotFound)

/// An external definition (a symbol the object file will define).
struct CDefinition {
  enum class Kind { Function, Variable, ObjCClass };
  BOOST_DESCRIBE_NESTED_ENUM(Kind, Function, Variable, ObjCClass)
  Kind K = Kind::Function;
  std::string Name;          ///< the C name (the class name for ObjCClass)
  bool Tentative = false;    ///< `int x;` at file scope
  CLocation Where;           ///< the name
  std::size_t DeclBegin = 0; ///< start of the declaration (in the preamble)
  bool HasIncludeSite = false;
  std::size_t IncludeBegin = 0, IncludeEnd = 0;
  /// The innermost #if/#ifdef/#elif around it that was taken, as written
  /// ("#ifdef __APPLE__"); empty when unconditional.
  std::string Condition;
};
CGOLS_FIELDS(CDefinition, K, Name, Tentative, Where, DeclBegin, HasIncludeSite,
             IncludeBegin, IncludeEnd, Condition)

/// A C name as cgo lets Go code use it (C.NAME), with what Clang knows of
/// it: collected once per compile, so that hover, definition and
/// completion never compile.
struct CSymbol {
  enum class Kind {
    Function,
    Variable,
    Typedef,
    Struct,
    Union,
    Enum,
    EnumConstant,
    Macro
  };
  BOOST_DESCRIBE_NESTED_ENUM(Kind, Function, Variable, Typedef, Struct, Union,
                             Enum, EnumConstant, Macro)
  Kind K = Kind::Function;
  std::string Name; ///< as after C.: "puts", "struct_point", "MAX_LEN"
  std::string Decl; ///< the declaration as Clang prints it, without a body
  std::string Doc;  ///< its comment, if it has one
  /// cgo's Go view: "func(s *C.char) C.int", "C.int (int32)", "= 64".
  std::string GoView;
  /// Functions: each parameter as C ("const char *s").
  std::vector<std::string> Params;
  CLocation Where;     ///< the name
  bool Direct = false; ///< in the preamble or a header it includes itself
};
CGOLS_FIELDS(CSymbol, K, Name, Decl, Doc, GoView, Params, Where, Direct)

/// A symbol the object file needs from a library: an external function or
/// variable that code refers to (declared, not defined by the translation
/// unit), an Objective-C class that code messages, subclasses or extends, or
/// CoreFoundation's class of @"..." literals.
struct CLinkRef {
  std::string Name; ///< the C name, or the class name
  bool ObjCClass = false;
  CLocation Where; ///< the first use in that function
  bool HasIncludeSite = false;
  std::size_t IncludeBegin = 0, IncludeEnd = 0;
  /// The static or inline function whose body uses it (emitted only when
  /// something uses that function); empty: code that is always emitted
  /// (external functions, Objective-C methods, initializers).
  std::string Owner;
};
CGOLS_FIELDS(CLinkRef, Name, ObjCClass, Where, HasIncludeSite, IncludeBegin,
             IncludeEnd, Owner)

/// A C name the Go code uses, as Go sees it after cgo (cmd/cgo/gcc.go):
/// types are spelled as the Go compiler's messages spell them
/// ("_Ctype_int", "*_Ctype_char", "unsafe.Pointer", "[8]byte" for a union,
/// typedefs resolved, as cgo makes them aliases); "" is a type cgols does
/// not model (an anonymous struct, an enum, a CF...Ref), about which the
/// Go-side check says nothing.
struct CGoShape {
  enum class Kind { Function, Type, Variable, Other };
  BOOST_DESCRIBE_NESTED_ENUM(Kind, Function, Type, Variable, Other)
  Kind K = Kind::Other;
  std::string Name; ///< as after C.
  /// Functions: `...` in the prototype (cgo cannot call it).
  bool Variadic = false;
  /// Functions: each parameter's Go type, and whether cgo checks the
  /// argument for Go pointers (it then rewrites the call, which changes
  /// the compiler's words).
  std::vector<std::string> Params;
  std::vector<bool> PointerChecked;
  bool Void = false;  ///< returns nothing
  std::string Result; ///< the result's Go type
  /// Functions: the parameters' and the result's C types ("const char *"),
  /// for a wrapper written into the preamble.
  std::vector<std::string> CParams;
  std::string CResult;
  /// Types: the Go type (for variables, the variable's type).
  std::string Type;
  /// Structs (and typedefs of them): the type as messages name it, the
  /// fields Go sees (C names that are Go keywords get a leading _), and the
  /// C fields cgo leaves out (bitfields). FieldsKnown: a complete struct
  /// whose layout cgo keeps (not packed).
  std::string RecordName;
  bool FieldsKnown = false;
  std::vector<std::string> Fields, FieldTypes, Omitted;
  /// A union (Go sees a byte array without fields).
  bool Union = false;
  /// Declared in the preamble itself (not a header).
  bool InPreamble = false;
};
CGOLS_FIELDS(CGoShape, K, Name, Variadic, Params, PointerChecked, Void, Result,
             CParams, CResult, Type, RecordName, FieldsKnown, Fields,
             FieldTypes, Omitted, Union, InPreamble)

/// Why a compile gave no result (it ran in a worker process that the server
/// stopped, or that died).
enum class CompileFailure {
  None,
  Crashed,     ///< Clang died (a signal: an assertion, a stack overflow)
  TimedOut,    ///< past the time limit per compile
  OutOfMemory, ///< past the memory limit
  Cancelled,   ///< the input changed or the server is shutting down
  NoWorker,    ///< the worker could not be started or spoke nonsense
};
BOOST_DESCRIBE_ENUM(CompileFailure, None, Crashed, TimedOut, OutOfMemory,
                    Cancelled, NoWorker)

struct CompileResult {
  /// Set when the compile did not finish; then nothing else is.
  CompileFailure Failure = CompileFailure::None;
  std::string FailureDetail; ///< "signal 11 (Segmentation fault)", limits
  std::vector<CDiagnostic> Diags;
  /// Sorted, unique. Names the preamble declares at file scope (functions,
  /// variables, typedefs, enum constants, struct/union/enum tags as "struct
  /// x"...) and macros it defines; for C.name checks.
  NameList DeclaredNames;
  /// Sorted, unique. Function-like macros: cgo cannot use them as C.name.
  NameList FunctionMacros;
  /// Per DeclaredNames entry: a function or variable with external linkage
  /// that the translation unit declares but does not define (a C.name use
  /// of it needs a library at link time).
  std::vector<bool> DeclaredExternal;
  /// What the code of the preamble and local headers (not system headers)
  /// needs from libraries, with the static functions that own the uses.
  std::vector<CLinkRef> LinkRefs;
  /// (caller, callee): static or inline functions defined here that a
  /// function uses (caller "" for always-emitted code); for reachability.
  std::vector<std::pair<std::string, std::string>> StaticUses;
  /// External definitions outside system headers (preamble, local headers,
  /// #include'd .c files).
  std::vector<CDefinition> Definitions;
  /// (name, file) pairs, with CompileRequest::RecordNameFiles.
  std::vector<std::pair<std::string, std::string>> NameFiles;
  /// With CompileRequest::CollectSymbols: every name cgo could use, sorted
  /// by Name.
  std::vector<CSymbol> Symbols;
  /// With CompileRequest::GoNames: the Go view of each of those names the
  /// compile declares, sorted by Name.
  std::vector<CGoShape> GoShapes;
  /// The user (non-system) files the compile read besides the preamble
  /// (local headers, #include'd .c files), each with a hash of its content:
  /// a cached result is stale when one of them changed.
  std::vector<std::pair<std::string, std::uint64_t>> UserInputs;
  /// A header was not found: the result is stale as soon as it appears.
  bool MissingHeader = false;
};
CGOLS_FIELDS(CompileResult, Failure, FailureDetail, Diags, DeclaredNames,
             FunctionMacros, DeclaredExternal, LinkRefs, StaticUses,
             Definitions, NameFiles, Symbols, GoShapes, UserInputs,
             MissingHeader)

struct SplitResult;
class PrecompiledStore;

/// About how many bytes R holds (strings and vectors; for the cache's
/// bound, not exact).
std::size_t approximateBytes(const CompileResult &R);

/// The hash UserInputs records of a file's content.
std::uint64_t contentHash(llvm::StringRef Text);

/// Whether Name is one of DeclaredExternal's (binary search).
bool isExternalName(const CompileResult &R, llvm::StringRef Name);

/// The symbol of that name, or null (binary search).
const CSymbol *findSymbol(const CompileResult &R, const std::string &Name);

/// The Go view of that name, or null (binary search).
const CGoShape *findGoShape(const CompileResult &R, const std::string &Name);

struct PrecompiledPreambleStats {
  unsigned Built = 0;  ///< #include blocks precompiled
  unsigned Reused = 0; ///< compiles that parsed only the rest
};

/// The precompiled #include blocks one process keeps (at most 6, 384 MB),
/// most recently used first: owned by whoever compiles (a compile worker's
/// main, or the Server for in-process compiles) and cleared when no file is
/// open any more.
class PrecompiledStore {
public:
  PrecompiledStore();
  ~PrecompiledStore();
  PrecompiledStore(const PrecompiledStore &) = delete;
  PrecompiledStore &operator=(const PrecompiledStore &) = delete;
  void clear();
  PrecompiledPreambleStats stats() const;

private:
  struct Impl;
  std::unique_ptr<Impl> I;
  friend struct PrecompiledAccess; // cunit/Precompiled.cpp
};

/// Compiles Req. With Req.Precompile and a Store, a preamble's #include
/// block is precompiled into the Store (or reused from it); the result is
/// the same either way.
CompileResult
compilePreamble(const CompileRequest &Req,
                llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                PrecompiledStore *Store = nullptr);

/// How a compile is run: in process, or in a worker (CompileWorkers), with
/// a flag that cancels it.
using CompileFunction = std::function<CompileResult(
    const CompileRequest &, const std::atomic<bool> *Cancelled)>;

/// What a parse over a precompiled #include block learns besides its own
/// result, to merge it with the block's part (mergePrecompiled).
struct BodyFacts {
  /// Sorted: functions and variables declared and not defined below it.
  std::vector<std::string> External;
  /// Names defined below it: functions with a body, variables, classes.
  std::set<std::string, std::less<>> Defined;
  /// The block's macros that are #undef'd below it.
  std::set<std::string, std::less<>> Undefined;
};
CGOLS_FIELDS(BodyFacts, External, Defined, Undefined)

/// A compile's result, in two parts when it parsed over a precompiled
/// block: the block's part, shared by every compile over that block and
/// named by PartId in this process, and the rest (Body, Facts). Otherwise
/// Part is null and Body is the whole result. The worker sends a part once
/// (see CompileWorkers).
struct SplitResult {
  std::shared_ptr<const CompileResult> Part;
  std::string PartId;
  CompileResult Body;
  BodyFacts Facts;
};

SplitResult
compilePreambleSplit(const CompileRequest &Req,
                     llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                     PrecompiledStore *Store);

/// The whole result of a parse over a precompiled block: exactly what a
/// plain compile of the same text gives.
CompileResult mergePrecompiled(const CompileResult &Part, CompileResult Body,
                               const BodyFacts &Facts);

/// A hash of what decides whether two compiles can share a precompiled
/// preamble (the flags, the target, the directory and the #include block):
/// the server sends such compiles to the same worker, and precompiles the
/// blocks that several files of a package share. HasBlock, when given, is
/// set to whether the preamble starts with an #include block to precompile
/// (the comments and directives before its first declaration; never for a
/// .c/.m source).
std::uint64_t preambleAffinity(const CompileRequest &Req,
                               bool *HasBlock = nullptr);

/// cmd/cgo's builtin prolog (cmd/cgo/out.go builtinProlog), which precedes
/// every preamble.
extern const char *const CgoBuiltinProlog;

} // namespace cgols
