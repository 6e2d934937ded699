//===- CompileWire.cpp ----------------------------------------------------===//
#include "CompileWire.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <exception>

namespace json = boost::json;

namespace cgols {
namespace {

// Decoding throws (boost::system::system_error from as_*(), or Bad) on any
// mismatch; the decode functions turn that into nullopt.
struct Bad : std::exception {};

// A vector or a set of strings.
template <class Strings> json::array strings(const Strings &V) {
  json::array A;
  A.reserve(V.size());
  for (const std::string &S : V)
    A.emplace_back(json::string_view(S));
  return A;
}

// The user's bytes as they are (see the file comment).
json::value parseBody(const std::string &Body) {
  json::parse_options PO;
  PO.allow_invalid_utf8 = true;
  return json::parse(Body, {}, PO);
}

std::string str(const json::value &V) {
  const json::string &S = V.as_string();
  return std::string(S.data(), S.size());
}

std::vector<std::string> strings(const json::value &V) {
  std::vector<std::string> Out;
  const json::array &A = V.as_array();
  Out.reserve(A.size());
  for (const json::value &E : A)
    Out.push_back(str(E));
  return Out;
}

// A NameList travels as one string, its names separated by newlines (no
// name has one), not as gtk.h's 30,000 JSON strings to build and parse.
json::string names(const NameList &L) {
  std::string S = L.joined('\n');
  return json::string(json::string_view(S));
}

// Sorted and unique as the compile left them; anything else is not a
// result (binary searches would go wrong).
NameList names(const json::value &V) {
  const json::string &S = V.as_string();
  llvm::SmallVector<llvm::StringRef, 0> Split;
  if (!S.empty())
    llvm::StringRef(S.data(), S.size()).split(Split, '\n');
  std::vector<llvm::StringRef> Names(Split.begin(), Split.end());
  if (!std::is_sorted(Names.begin(), Names.end()) ||
      std::adjacent_find(Names.begin(), Names.end()) != Names.end())
    throw Bad();
  return NameList(Names, NameList::SortedTag{});
}

std::size_t size(const json::value &V) {
  std::int64_t N = V.as_int64();
  if (N < 0)
    throw Bad();
  return static_cast<std::size_t>(N);
}

const json::value &at(const json::object &O, const char *K) {
  auto It = O.find(K);
  if (It == O.end())
    throw Bad();
  return It->value();
}

json::value location(const CLocation &L) {
  return json::array{L.InPreamble,
                     json::string_view(L.File),
                     static_cast<std::int64_t>(L.Begin),
                     static_cast<std::int64_t>(L.End),
                     L.Line,
                     L.Column};
}

CLocation location(const json::value &V) {
  const json::array &A = V.as_array();
  if (A.size() != 6)
    throw Bad();
  CLocation L;
  L.InPreamble = A[0].as_bool();
  L.File = str(A[1]);
  L.Begin = size(A[2]);
  L.End = size(A[3]);
  L.Line = static_cast<unsigned>(size(A[4]));
  L.Column = static_cast<unsigned>(size(A[5]));
  return L;
}

json::value diagnostic(const CDiagnostic &D) {
  json::object O;
  O["lev"] = static_cast<int>(D.Lev);
  O["msg"] = D.Message;
  O["flag"] = D.Flag;
  O["id"] = D.ID;
  O["has"] = D.HasLocation;
  O["at"] = location(D.Where);
  O["inc"] =
      json::array{D.HasIncludeSite, static_cast<std::int64_t>(D.IncludeBegin),
                  static_cast<std::int64_t>(D.IncludeEnd)};
  json::array Fixes;
  for (const CFixIt &F : D.FixIts)
    Fixes.push_back(json::array{static_cast<std::int64_t>(F.Begin),
                                static_cast<std::int64_t>(F.End),
                                json::string_view(F.Text)});
  O["fix"] = std::move(Fixes);
  json::array Notes;
  for (const CDiagnostic &N : D.Notes)
    Notes.push_back(diagnostic(N));
  O["notes"] = std::move(Notes);
  O["nf"] = D.isFileNotFound;
  return O;
}

CDiagnostic diagnostic(const json::value &V) {
  const json::object &O = V.as_object();
  CDiagnostic D;
  std::size_t Lev = size(at(O, "lev"));
  if (Lev > static_cast<std::size_t>(CDiagnostic::Level::Fatal))
    throw Bad();
  D.Lev = static_cast<CDiagnostic::Level>(Lev);
  D.Message = str(at(O, "msg"));
  D.Flag = str(at(O, "flag"));
  D.ID = static_cast<unsigned>(size(at(O, "id")));
  D.HasLocation = at(O, "has").as_bool();
  D.Where = location(at(O, "at"));
  const json::array &Inc = at(O, "inc").as_array();
  if (Inc.size() != 3)
    throw Bad();
  D.HasIncludeSite = Inc[0].as_bool();
  D.IncludeBegin = size(Inc[1]);
  D.IncludeEnd = size(Inc[2]);
  for (const json::value &F : at(O, "fix").as_array()) {
    const json::array &A = F.as_array();
    if (A.size() != 3)
      throw Bad();
    D.FixIts.push_back({size(A[0]), size(A[1]), str(A[2])});
  }
  for (const json::value &N : at(O, "notes").as_array())
    D.Notes.push_back(diagnostic(N));
  D.isFileNotFound = at(O, "nf").as_bool();
  return D;
}

json::value includeSite(bool Has, std::size_t B, std::size_t E) {
  return json::array{Has, static_cast<std::int64_t>(B),
                     static_cast<std::int64_t>(E)};
}

void includeSite(const json::value &V, bool &Has, std::size_t &B,
                 std::size_t &E) {
  const json::array &A = V.as_array();
  if (A.size() != 3)
    throw Bad();
  Has = A[0].as_bool();
  B = size(A[1]);
  E = size(A[2]);
}

template <typename E> E enumIn(const json::value &V, E Last) {
  std::size_t N = size(V);
  if (N > static_cast<std::size_t>(Last))
    throw Bad();
  return static_cast<E>(N);
}

} // namespace

std::string encodeWorkerRequest(const WorkerRequest &W) {
  const CompileRequest &R = W.Req;
  json::object O;
  O["go"] = R.GoFilePath;
  O["src"] = R.SourcePath;
  O["pre"] = R.Preamble;
  O["goos"] = R.T.GOOS;
  O["goarch"] = R.T.GOARCH;
  O["tags"] = strings(R.T.Tags);
  O["cgo"] = R.T.CgoEnabled;
  O["gominor"] = R.T.GoMinor;
  O["flags"] = strings(R.Flags);
  O["sysroot"] = R.Sysroot;
  O["res"] = R.ResourceDir;
  O["clang"] = R.ClangPath;
  O["names"] = R.RecordNameFiles;
  O["syms"] = R.CollectSymbols;
  O["symnames"] = strings(R.SymbolNames);
  O["pch"] = R.Precompile;
  json::object Files;
  for (const auto &[P, T] : W.Overlay)
    Files[P] = T;
  O["overlay"] = std::move(Files);
  O["have"] = strings(W.HaveParts);
  return json::serialize(O);
}

std::optional<WorkerRequest> decodeWorkerRequest(const std::string &Body) {
  try {
    json::value V = parseBody(Body);
    const json::object &O = V.as_object();
    WorkerRequest W;
    CompileRequest &R = W.Req;
    R.GoFilePath = str(at(O, "go"));
    R.SourcePath = str(at(O, "src"));
    R.Preamble = str(at(O, "pre"));
    R.T.GOOS = str(at(O, "goos"));
    R.T.GOARCH = str(at(O, "goarch"));
    R.T.Tags = strings(at(O, "tags"));
    R.T.CgoEnabled = at(O, "cgo").as_bool();
    R.T.GoMinor = static_cast<int>(at(O, "gominor").as_int64());
    R.Flags = strings(at(O, "flags"));
    R.Sysroot = str(at(O, "sysroot"));
    R.ResourceDir = str(at(O, "res"));
    R.ClangPath = str(at(O, "clang"));
    R.RecordNameFiles = at(O, "names").as_bool();
    R.CollectSymbols = at(O, "syms").as_bool();
    R.SymbolNames = strings(at(O, "symnames"));
    R.Precompile = at(O, "pch").as_bool();
    for (const auto &KV : at(O, "overlay").as_object())
      W.Overlay[std::string(KV.key())] = str(KV.value());
    W.HaveParts = strings(at(O, "have"));
    return W;
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

namespace {

json::object resultObject(const CompileResult &R) {
  json::object O;
  O["failure"] = static_cast<int>(R.Failure);
  O["detail"] = R.FailureDetail;
  json::array Diags;
  for (const CDiagnostic &D : R.Diags)
    Diags.push_back(diagnostic(D));
  O["diags"] = std::move(Diags);
  O["declared"] = names(R.DeclaredNames);
  O["fnmacros"] = names(R.FunctionMacros);
  std::string Ext;
  Ext.reserve(R.DeclaredExternal.size());
  for (bool B : R.DeclaredExternal)
    Ext += B ? '1' : '0';
  O["external"] = json::string(json::string_view(Ext));
  json::array Refs;
  for (const CLinkRef &L : R.LinkRefs)
    Refs.push_back(
        json::array{json::string_view(L.Name), L.ObjCClass, location(L.Where),
                    includeSite(L.HasIncludeSite, L.IncludeBegin, L.IncludeEnd),
                    json::string_view(L.Owner)});
  O["linkrefs"] = std::move(Refs);
  json::array Uses;
  for (const auto &[A, B] : R.StaticUses)
    Uses.push_back(json::array{json::string_view(A), json::string_view(B)});
  O["staticuses"] = std::move(Uses);
  json::array Defs;
  for (const CDefinition &D : R.Definitions)
    Defs.push_back(json::array{
        static_cast<int>(D.K), json::string_view(D.Name), D.Tentative,
        location(D.Where), static_cast<std::int64_t>(D.DeclBegin),
        includeSite(D.HasIncludeSite, D.IncludeBegin, D.IncludeEnd),
        json::string_view(D.Condition)});
  O["defs"] = std::move(Defs);
  json::array NameFiles;
  for (const auto &[N, F] : R.NameFiles)
    NameFiles.push_back(
        json::array{json::string_view(N), json::string_view(F)});
  O["namefiles"] = std::move(NameFiles);
  json::array Syms;
  for (const CSymbol &S : R.Symbols)
    Syms.push_back(json::array{static_cast<int>(S.K), json::string_view(S.Name),
                               json::string_view(S.Decl),
                               json::string_view(S.Doc),
                               json::string_view(S.GoView), strings(S.Params),
                               location(S.Where), S.Direct});
  O["symbols"] = std::move(Syms);
  json::array Inputs;
  for (const auto &[P, H] : R.UserInputs)
    Inputs.push_back(json::array{json::string_view(P), H});
  O["inputs"] = std::move(Inputs);
  O["missing"] = R.MissingHeader;
  return O;
}

// Throws (see Bad) unless O is a result.
CompileResult resultFrom(const json::object &O) {
  CompileResult R;
  R.Failure = enumIn(at(O, "failure"), CompileFailure::NoWorker);
  R.FailureDetail = str(at(O, "detail"));
  for (const json::value &D : at(O, "diags").as_array())
    R.Diags.push_back(diagnostic(D));
  R.DeclaredNames = names(at(O, "declared"));
  R.FunctionMacros = names(at(O, "fnmacros"));
  for (char C : at(O, "external").as_string()) {
    if (C != '0' && C != '1')
      throw Bad();
    R.DeclaredExternal.push_back(C == '1');
  }
  if (R.DeclaredExternal.size() != R.DeclaredNames.size())
    throw Bad();
  for (const json::value &E : at(O, "linkrefs").as_array()) {
    const json::array &A = E.as_array();
    if (A.size() != 5)
      throw Bad();
    CLinkRef L;
    L.Name = str(A[0]);
    L.ObjCClass = A[1].as_bool();
    L.Where = location(A[2]);
    includeSite(A[3], L.HasIncludeSite, L.IncludeBegin, L.IncludeEnd);
    L.Owner = str(A[4]);
    R.LinkRefs.push_back(std::move(L));
  }
  for (const json::value &E : at(O, "staticuses").as_array()) {
    const json::array &A = E.as_array();
    if (A.size() != 2)
      throw Bad();
    R.StaticUses.emplace_back(str(A[0]), str(A[1]));
  }
  for (const json::value &E : at(O, "defs").as_array()) {
    const json::array &A = E.as_array();
    if (A.size() != 7)
      throw Bad();
    CDefinition D;
    D.K = enumIn(A[0], CDefinition::Kind::ObjCClass);
    D.Name = str(A[1]);
    D.Tentative = A[2].as_bool();
    D.Where = location(A[3]);
    D.DeclBegin = size(A[4]);
    includeSite(A[5], D.HasIncludeSite, D.IncludeBegin, D.IncludeEnd);
    D.Condition = str(A[6]);
    R.Definitions.push_back(std::move(D));
  }
  for (const json::value &E : at(O, "namefiles").as_array()) {
    const json::array &A = E.as_array();
    if (A.size() != 2)
      throw Bad();
    R.NameFiles.emplace_back(str(A[0]), str(A[1]));
  }
  for (const json::value &E : at(O, "symbols").as_array()) {
    const json::array &A = E.as_array();
    if (A.size() != 8)
      throw Bad();
    CSymbol S;
    S.K = enumIn(A[0], CSymbol::Kind::Macro);
    S.Name = str(A[1]);
    S.Decl = str(A[2]);
    S.Doc = str(A[3]);
    S.GoView = str(A[4]);
    S.Params = strings(A[5]);
    S.Where = location(A[6]);
    S.Direct = A[7].as_bool();
    R.Symbols.push_back(std::move(S));
  }
  for (const json::value &E : at(O, "inputs").as_array()) {
    const json::array &A = E.as_array();
    if (A.size() != 2)
      throw Bad();
    R.UserInputs.emplace_back(str(A[0]), A[1].to_number<std::uint64_t>());
  }
  R.MissingHeader = at(O, "missing").as_bool();
  return R;
}

std::set<std::string, std::less<>> stringSet(const json::value &V) {
  std::vector<std::string> Vs = strings(V);
  return {Vs.begin(), Vs.end()};
}

} // namespace

std::string encodeCompileResult(const CompileResult &R) {
  return json::serialize(resultObject(R));
}

std::optional<CompileResult> decodeCompileResult(const std::string &Body) {
  try {
    return resultFrom(parseBody(Body).as_object());
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

std::string encodeWorkerAnswer(const SplitResult &S, bool WithPart) {
  json::object O = resultObject(S.Body);
  if (S.Part) {
    json::object Split;
    Split["id"] = S.PartId;
    Split["part"] = WithPart ? json::value(resultObject(*S.Part)) : nullptr;
    Split["external"] = strings(S.Facts.External);
    Split["defined"] = strings(S.Facts.Defined);
    Split["undefined"] = strings(S.Facts.Undefined);
    O["split"] = std::move(Split);
  }
  return json::serialize(O);
}

std::optional<WorkerAnswer> decodeWorkerAnswer(const std::string &Body) {
  try {
    json::value V = parseBody(Body);
    const json::object &O = V.as_object();
    WorkerAnswer A;
    A.Body = resultFrom(O);
    if (const json::value *Split = O.if_contains("split")) {
      const json::object &SO = Split->as_object();
      A.PartId = str(at(SO, "id"));
      if (A.PartId.empty())
        throw Bad();
      if (!at(SO, "part").is_null())
        A.Part = resultFrom(at(SO, "part").as_object());
      A.Facts.External = strings(at(SO, "external"));
      if (!std::is_sorted(A.Facts.External.begin(), A.Facts.External.end()))
        throw Bad();
      A.Facts.Defined = stringSet(at(SO, "defined"));
      A.Facts.Undefined = stringSet(at(SO, "undefined"));
    }
    return A;
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

} // namespace cgols
