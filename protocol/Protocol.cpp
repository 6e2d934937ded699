//===- Protocol.cpp - LSP types <-> Boost.JSON ----------------------------===//
#include "Protocol.h"

#include <cctype>

namespace cgols::protocol {

json::value toJSON(const Position &P) {
  return json::object{{"line", P.Line}, {"character", P.Character}};
}
json::value toJSON(const Range &R) {
  return json::object{{"start", toJSON(R.Start)}, {"end", toJSON(R.End)}};
}
json::value toJSON(const Location &L) {
  return json::object{{"uri", L.Uri}, {"range", toJSON(L.R)}};
}
json::value toJSON(const Diagnostic &D) {
  json::object O{{"range", toJSON(D.R)},
                 {"severity", D.Severity},
                 {"source", D.Source},
                 {"message", D.Message}};
  if (!D.Code.empty())
    O["code"] = D.Code;
  if (!D.Related.empty()) {
    json::array A;
    for (const auto &R : D.Related)
      A.push_back(
          json::object{{"location", toJSON(R.Loc)}, {"message", R.Message}});
    O["relatedInformation"] = std::move(A);
  }
  return O;
}
json::value toJSON(const TextEdit &E) {
  return json::object{{"range", toJSON(E.R)}, {"newText", E.NewText}};
}

const json::object *ParamReader::object(const json::value &V,
                                        const std::string &Path) {
  if (const json::object *O = V.if_object())
    return O;
  fail(Path + ": expected an object");
  return nullptr;
}

std::optional<std::string> ParamReader::str(const json::object &O,
                                            const char *Key,
                                            const std::string &Path,
                                            bool Required) {
  const json::value *V = O.if_contains(Key);
  if (!V || V->is_null()) {
    if (Required)
      fail(Path + "." + Key + ": missing");
    return std::nullopt;
  }
  if (!V->is_string()) {
    fail(Path + "." + Key + ": expected a string");
    return std::nullopt;
  }
  return std::string(V->as_string());
}

std::optional<std::int64_t> ParamReader::integer(const json::object &O,
                                                 const char *Key,
                                                 const std::string &Path,
                                                 bool Required) {
  const json::value *V = O.if_contains(Key);
  if (!V || V->is_null()) {
    if (Required)
      fail(Path + "." + Key + ": missing");
    return std::nullopt;
  }
  if (V->is_int64())
    return V->as_int64();
  if (V->is_uint64() && V->as_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(V->as_uint64());
  if (V->is_double() &&
      V->as_double() ==
          static_cast<double>(static_cast<std::int64_t>(V->as_double())))
    return static_cast<std::int64_t>(V->as_double());
  fail(Path + "." + Key + ": expected an integer");
  return std::nullopt;
}

std::optional<Position> ParamReader::position(const json::object &O,
                                              const char *Key,
                                              const std::string &Path) {
  const json::value *V = O.if_contains(Key);
  std::string P = Path + "." + Key;
  if (!V) {
    fail(P + ": missing");
    return std::nullopt;
  }
  const json::object *PO = object(*V, P);
  if (!PO)
    return std::nullopt;
  auto L = integer(*PO, "line", P);
  auto C = integer(*PO, "character", P);
  if (!L || !C)
    return std::nullopt;
  if (*L < 0 || *C < 0 || *L > INT32_MAX || *C > INT32_MAX) {
    fail(P + ": out of range");
    return std::nullopt;
  }
  return Position{static_cast<int>(*L), static_cast<int>(*C)};
}

std::optional<Range> ParamReader::range(const json::object &O, const char *Key,
                                        const std::string &Path,
                                        bool Required) {
  const json::value *V = O.if_contains(Key);
  std::string P = Path + "." + Key;
  if (!V) {
    if (Required)
      fail(P + ": missing");
    return std::nullopt;
  }
  const json::object *RO = object(*V, P);
  if (!RO)
    return std::nullopt;
  auto S = position(*RO, "start", P);
  auto E = position(*RO, "end", P);
  if (!S || !E)
    return std::nullopt;
  return Range{*S, *E};
}

std::optional<std::string> uriToPath(const std::string &Uri) {
  const std::string Scheme = "file://";
  if (Uri.compare(0, Scheme.size(), Scheme) != 0)
    return std::nullopt;
  std::string Rest = Uri.substr(Scheme.size());
  // file://host/path: only an empty host or localhost is local.
  std::size_t Slash = Rest.find('/');
  if (Slash == std::string::npos)
    return std::nullopt;
  std::string Host = Rest.substr(0, Slash);
  if (!Host.empty() && Host != "localhost")
    return std::nullopt;
  std::string Path;
  for (std::size_t I = Slash; I < Rest.size(); ++I) {
    char C = Rest[I];
    if (C == '%' && I + 2 < Rest.size() &&
        std::isxdigit(static_cast<unsigned char>(Rest[I + 1])) &&
        std::isxdigit(static_cast<unsigned char>(Rest[I + 2]))) {
      Path.push_back(
          static_cast<char>(std::stoi(Rest.substr(I + 1, 2), nullptr, 16)));
      I += 2;
    } else if (C == '?' || C == '#') {
      break;
    } else {
      Path.push_back(C);
    }
  }
  if (Path.find('\0') != std::string::npos)
    return std::nullopt;
  return Path;
}

std::string pathToUri(const std::string &Path) {
  static const char *Hex = "0123456789ABCDEF";
  std::string Out = "file://";
  for (char C : Path) {
    auto U = static_cast<unsigned char>(C);
    if (std::isalnum(U) || C == '/' || C == '-' || C == '_' || C == '.' ||
        C == '~')
      Out.push_back(C);
    else {
      Out.push_back('%');
      Out.push_back(Hex[U >> 4]);
      Out.push_back(Hex[U & 15]);
    }
  }
  return Out;
}

} // namespace cgols::protocol
